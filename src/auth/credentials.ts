/**
 * Access-key resolution: an access key id (and, for temporary credentials, the session token) becomes the
 * secret to verify the signature with and the Caller it stands for. Long-term keys (AKIA...) are one
 * primary-key read, then cached until a change to that key is published, and never longer than the store's
 * cache TTL (a deactivated key is refused on every server within it even if the notification was lost);
 * temporary credentials (ASIA...) are resolved by a session resolver registered by STS, without touching
 * the store.
 */
import { rootArn } from '../core/arn.js';
import { Errors } from '../core/errors.js';
import type { AccessKeysTable } from '../store/schema.js';
import { ALL_TOPICS, type Store } from '../store/store.js';
import type { TtlMap } from '../store/ttlMap.js';
import type { Caller } from './caller.js';
import type { KeyRing } from './keyring.js';

export interface ResolvedCredential {
  secret: string;
  caller: Caller;
}

/** Resolves temporary credentials (registered by STS). Throws ServiceError for a bad or expired token. */
export type SessionResolver = (accessKeyId: string, sessionToken: string | undefined) => Promise<ResolvedCredential>;

/** Turns an IAM user's key into its Caller (registered by IAM: the ARN needs the user's current path). */
export type UserResolver = (row: AccessKeysTable) => Promise<Caller | undefined>;

interface CacheEntry {
  row: AccessKeysTable;
  secret: string;
}

export class Credentials {
  private readonly cache: TtlMap<string, CacheEntry>;
  private sessionResolver: SessionResolver | undefined;
  private userResolver: UserResolver | undefined;

  constructor(
    private readonly store: Store,
    private readonly keyring: KeyRing,
  ) {
    this.cache = store.cache(100_000);
    store.onChange((topic) => {
      if (topic.startsWith('access-key:')) this.cache.delete(topic.slice('access-key:'.length));
      else if (topic.startsWith('user:') || topic === 'accounts' || topic === ALL_TOPICS) this.cache.clear();
    });
  }

  setSessionResolver(r: SessionResolver) {
    this.sessionResolver = r;
  }

  setUserResolver(r: UserResolver) {
    this.userResolver = r;
  }

  /** The secret for a long-term key row, decrypting on first use. */
  static secretAad(accessKeyId: string) {
    return `access-key:${accessKeyId}`;
  }

  private async longTerm(accessKeyId: string): Promise<CacheEntry | undefined> {
    const hit = this.cache.get(accessKeyId);
    if (hit) return hit;
    const generation = this.cache.generation;
    const row = await this.store.repos.accessKeys.get(accessKeyId);
    if (!row) return undefined;
    const secret = await this.keyring.decrypt(row.secret_cipher, Credentials.secretAad(accessKeyId));
    const entry = { row, secret };
    this.cache.set(accessKeyId, entry, generation);
    return entry;
  }

  /**
   * Resolves a key for signature verification. Unknown, inactive or mismatched keys are all
   * InvalidClientTokenId for IAM/STS (the caller maps it to S3's InvalidAccessKeyId).
   */
  async resolve(accessKeyId: string, sessionToken: string | undefined): Promise<ResolvedCredential> {
    if (accessKeyId.startsWith('ASIA')) {
      if (!this.sessionResolver) throw Errors.invalidClientTokenId();
      return this.sessionResolver(accessKeyId, sessionToken);
    }
    const entry = await this.longTerm(accessKeyId);
    if (!entry || entry.row.status !== 'Active') throw Errors.invalidClientTokenId();
    if (sessionToken !== undefined && sessionToken !== '') {
      // A session token sent with a long-term key is refused by AWS.
      throw Errors.invalidClientTokenId();
    }
    const { row } = entry;
    if (row.principal_type === 'root') {
      return {
        secret: entry.secret,
        caller: { type: 'root', accountId: row.account_id, arn: rootArn(row.account_id), userId: row.account_id, accessKeyId },
      };
    }
    const caller = this.userResolver ? await this.userResolver(row) : undefined;
    if (!caller) throw Errors.invalidClientTokenId();
    return { secret: entry.secret, caller: { ...caller, accessKeyId } };
  }
}

