/**
 * The session resolver registered with Credentials for ASIA keys: token → (secret, Caller), with no store
 * read. Opened sessions are cached by token hash in a bounded LRU, so the usual check is a hash, a map
 * lookup, a key-id comparison and an expiry comparison.
 *
 *  - token missing, altered, sealed under no key of ours, or not matching the key id → InvalidClientTokenId
 *  - past its expiry (by the server's clock)                                         → ExpiredToken
 */
import { createHash } from 'node:crypto';
import type { Caller } from '../../auth/caller.js';
import type { ResolvedCredential, SessionResolver } from '../../auth/credentials.js';
import type { KeyRing } from '../../auth/keyring.js';
import type { Clock } from '../../core/clock.js';
import { Errors } from '../../core/errors.js';
import { Lru } from './lru.js';
import { deriveCredentials, openSession } from './session.js';

interface Opened {
  accessKeyId: string;
  secret: string;
  caller: Caller;
  expiresAt: number;
}

export interface SessionResolverHandle {
  resolve: SessionResolver;
  /** Synchronous fast path (for the microbenchmark): undefined when the token is not cached. */
  resolveCached(accessKeyId: string, token: string): ResolvedCredential | undefined;
  cacheSize(): number;
}

const MAX_TOKEN = 16 * 1024;

export function createSessionResolver(ring: KeyRing, clock: Clock, maxEntries = 100_000): SessionResolverHandle {
  const cache = new Lru<string, Opened>(maxEntries);
  /** Key ids recently found unknown even after a reload (so garbage tokens cannot hammer the store). */
  const unknownKeyIds = new Lru<string, number>(1024);

  const hashOf = (token: string) => createHash('sha256').update(token).digest('base64');

  function check(o: Opened, accessKeyId: string): ResolvedCredential {
    if (o.accessKeyId !== accessKeyId) throw Errors.invalidClientTokenId();
    if (clock.now() >= o.expiresAt) throw Errors.expiredToken();
    return { secret: o.secret, caller: o.caller };
  }

  async function open(token: string): Promise<Opened | null> {
    const dot = token.indexOf('.');
    if (dot <= 0) return null;
    const keyId = token.slice(0, dot);
    if (!ring.keyFor(keyId)) {
      const seen = unknownKeyIds.get(keyId);
      if (seen !== undefined && clock.real() - seen < 5_000) return null;
    }
    const claims = await openSession(ring, token);
    if (!claims) {
      if (!ring.keyFor(keyId)) unknownKeyIds.set(keyId, clock.real());
      return null;
    }
    const derived = deriveCredentials(ring, token, claims.c.accountId);
    if (!derived) return null;
    const caller: Caller = { ...claims.c, accessKeyId: derived.accessKeyId, session: claims.s };
    return { accessKeyId: derived.accessKeyId, secret: derived.secret, caller, expiresAt: claims.s.expiresAt };
  }

  return {
    async resolve(accessKeyId, token) {
      if (!token || token.length > MAX_TOKEN) throw Errors.invalidClientTokenId();
      const h = hashOf(token);
      let o = cache.get(h);
      if (!o) {
        const opened = await open(token);
        if (!opened) throw Errors.invalidClientTokenId();
        o = opened;
        cache.set(h, o);
      }
      return check(o, accessKeyId);
    },
    resolveCached(accessKeyId, token) {
      const o = cache.get(hashOf(token));
      return o ? check(o, accessKeyId) : undefined;
    },
    cacheSize: () => cache.size,
  };
}
