/**
 * What the pipeline and the operations share: built once at start-up by server/app.ts. Every layer imports
 * this type, so it imports only types of the layers below the services (never a service, the console or the
 * operation registry: that would make an import cycle through everything).
 */
import type { Caller } from '../auth/caller.js';
import type { Credentials } from '../auth/credentials.js';
import type { KeyRing } from '../auth/keyring.js';
import type { Authorizer } from '../authz/authorize.js';
import type { Clock } from '../core/clock.js';
import type { BlobStore } from '../store/blobs/BlobStore.js';
import type { SpaceGuard } from '../store/blobs/space.js';
import type { Store } from '../store/store.js';
import type { Metrics } from './metrics.js';
import type { Config } from './config.js';
import type { RequestLogger } from './log.js';

export interface Deps {
  config: Config;
  store: Store;
  /** S3's object bytes (the store holds their metadata). */
  blobs: BlobStore;
  /** The data directory's free-space floor (writes) and reserve (deletes on a full disk). */
  space: SpaceGuard;
  keyring: KeyRing;
  clock: Clock;
  credentials: Credentials;
  authorizer: Authorizer;
  metrics: Metrics;
  logger: RequestLogger;
  /** The console's own listener and origins, once both listeners listen (undefined: --console-port off). */
  consoleSite?: ConsoleSite;
  /** Last use of keys and roles and the access advisor's records (services/iam/usage.ts); batched, never awaited by a request. */
  usage?: UsageRecorder;
  /** The audit trail (services/cloudtrail/recorder.ts): every call's CloudTrail record, batched, never awaited by a request. */
  audit?: AuditRecorder;
  /** POST /_admin/reset (with --allow-reset): back to the --init state (cli/state/reset.ts sets it). */
  stateReset?: () => Promise<void>;
}

/** Records uses in memory and writes them in batches off the request path (services/iam/usage.ts). */
export interface UsageRecorder {
  /** One authenticated request for `action` (service:Action): map writes only, no I/O, never throws. */
  record(caller: Caller, action: string, region: string, now: number): void;
  /** A role assumed (its RoleLastUsed). */
  noteRole(roleId: string, now: number, region: string): void;
  /** Writes what is pending (reads that answer with last-use facts call it first). */
  flush(): Promise<void>;
  /** Stops the timer and writes what is pending (the server's close). */
  close(): Promise<void>;
}

/**
 * What the pipeline saw of one call, for its CloudTrail record (services/cloudtrail/record.ts builds the
 * record from it when the recorder flushes, off the request's path).
 */
export interface AuditEntry {
  /** iam, sts, s3, cloudtrail, or signin (console sign-in). */
  service: string;
  /** eventName: the operation. */
  name: string;
  caller: Caller;
  /** The signature's region. */
  region: string;
  /** Epoch ms (the server's clock). */
  at: number;
  requestId: string;
  sourceIp: string;
  userAgent?: string;
  /** The Host header (S3's requestParameters.Host, tlsDetails' clientProvidedHostHeader). */
  host?: string;
  tls?: { tlsVersion: string; cipherSuite: string; clientProvidedHostHeader?: string };
  input?: unknown;
  output?: unknown;
  /** The refusal answered; for a denial, the decision and the check it was for (sealed into the record for the account's admins). */
  error?: { code: string; message: string; decision?: unknown; check?: { action: string; resource: string } };
  additionalEventData?: Record<string, unknown>;
  /** A userIdentity given whole (a failed console sign-in has no authenticated caller). */
  identity?: Record<string, unknown>;
  /** The account the record belongs to, when not the caller's. */
  recipientAccountId?: string;
  /** An unsigned call (AssumeRoleWithSAML, AssumeRoleWithWebIdentity): its `identity` says who made it. */
  unsigned?: boolean;
}

/** Records calls in memory and writes their CloudTrail records in batches (services/cloudtrail/recorder.ts). */
export interface AuditRecorder {
  /** One call: an array push, no I/O, never throws. */
  record(entry: AuditEntry): void;
  /** Writes what is pending (LookupEvents calls it first, so a server's own calls are never missing). */
  flush(): Promise<void>;
  /** Stops the timers and writes what is pending (the server's close). */
  close(): Promise<void>;
}

/** The console's own listener and origins (console/site.ts builds it; the sign-in service reads it). */
export interface ConsoleSite {
  /** The console listener's port. */
  port: number;
  /** The console's fixed origin (--console-url, or its own address), or undefined: from the Host header. */
  origin: string | undefined;
  /** --console-url exactly (the only origin the console API accepts besides its own Host). */
  configuredOrigin: string | undefined;
  /** The API listener, where the console backend sends its signed calls. */
  api: { host: string; hostname: string; port: number };
  /** The API's fixed public origin (TESSERA_PUBLIC_URL, or its own address), or undefined: from the Host header. */
  apiOrigin: string | undefined;
}
