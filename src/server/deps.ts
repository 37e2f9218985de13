/**
 * What the pipeline and the operations share: built once at start-up by server/app.ts.
 */
import type { Credentials } from '../auth/credentials.js';
import type { ConsoleSite } from '../console/site.js';
import type { KeyRing } from '../auth/keyring.js';
import type { Authorizer } from '../authz/authorize.js';
import type { Clock } from '../core/clock.js';
import type { OperationRegistry } from '../services/registry.js';
import type { Store } from '../store/store.js';
import type { Metrics } from './metrics.js';
import type { Config } from './config.js';
import type { RequestLogger } from './log.js';

export interface Deps {
  config: Config;
  store: Store;
  keyring: KeyRing;
  clock: Clock;
  credentials: Credentials;
  authorizer: Authorizer;
  registry: OperationRegistry;
  metrics: Metrics;
  logger: RequestLogger;
  /** The console's own listener and origins, once both listeners listen (undefined: --console-port off). */
  consoleSite?: ConsoleSite;
}
