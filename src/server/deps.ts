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
