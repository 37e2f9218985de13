/**
 * The server's settings, resolved once from flags and environment variables (flags win). Defaults embed a
 * working server: `tessera serve` alone starts one on 127.0.0.1:4566 with SQLite under ./.tessera.
 */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  memory: boolean;
  databaseUrl: string | undefined;
  accountId: string;
  rootAccessKeyId: string | undefined;
  rootSecretAccessKey: string | undefined;
  masterKey: string | undefined;
  /** 'json' (one line per request on stdout) or 'off'. */
  log: 'json' | 'off';
  /** TEST ONLY: milliseconds the server's clock starts ahead of the real time. */
  unsafeClockOffsetMs: number;
  /** TEST ONLY (--test-clock, TESSERA_TEST_CLOCK=1): the root user may set and advance the clock (POST /_admin/clock). */
  testClock: boolean;
  /** The region the server reports (requests may be signed for any region). */
  region: string;
  /** Connection limits (ms): the whole header block, the whole request, and the longest silence mid-body. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  /** TESSERA_CACHE_TTL_SECONDS: the longest a cached key, identity or policy is served unread (ms). */
  cacheTtlMs: number;
  /** TEST ONLY (TESSERA_UNSAFE_IGNORE_NOTIFICATIONS=1): no LISTEN on PostgreSQL; the TTL alone bounds staleness. */
  unsafeIgnoreNotifications: boolean;
  /** The web console's own listener (its own origin): a port (0 = any free one), or 'off'. */
  consolePort: number | 'off';
  consoleHost: string;
  /** The console's public origin (behind a proxy or on its own host name), e.g. https://console.example.com. */
  consoleUrl: string | undefined;
  /** TEST SUITES: POST /_admin/reset is answered (root of the default account only). */
  allowReset: boolean;
  /** A state file applied at start-up (`serve --init`), and again by each reset. */
  initFile: string | undefined;
  /** --tls-cert/--tls-key: the API listener speaks HTTPS with this certificate chain and key (PEM files). */
  tls?: { certFile: string; keyFile: string };
  /** TESSERA_S3_DEFAULT_ENCRYPTION: buckets without an encryption configuration encrypt with SSE-S3 ('AES256', the default) or not ('none'). */
  s3DefaultEncryption?: 'AES256' | 'none';
  /** Set by `tessera apply` / `export-state`, which run beside a server: no sweep of the blob directory (its writes in flight are not ours). */
  skipBlobSweep?: boolean;
  /** --object-store / TESSERA_OBJECT_STORE: where object bytes live (file:DIR, s3://HOST:PORT/BUCKET); undefined = <dataDir>/blobs. */
  objectStore?: string | undefined;
  /** --object-store-timeout / TESSERA_OBJECT_STORE_TIMEOUT: how long an s3:// backend connection may stay silent during a request before it fails (ms; default 60 s). */
  objectStoreTimeoutMs: number;
  /** --gateway / TESSERA_GATEWAY=1: S3 in front of the s3:// object store's own buckets (services/s3/gateway.ts). */
  gateway?: boolean;
  /** --lifecycle-interval / TESSERA_LIFECYCLE_INTERVAL_SECONDS: how often S3's lifecycle sweep runs (ms). */
  lifecycleIntervalMs: number;
  /** --trail-delivery-interval / TESSERA_TRAIL_DELIVERY_INTERVAL_SECONDS: how often trails deliver log files (ms; AWS: about 5 minutes). */
  trailDeliveryIntervalMs: number;
  /** --trail-digest-interval / TESSERA_TRAIL_DIGEST_INTERVAL_SECONDS: how often trails with log file validation deliver a digest file (ms; AWS: hourly). */
  trailDigestIntervalMs: number;
  /** --audit / TESSERA_AUDIT: CloudTrail records of every call (on) or none (off, the default until recording costs ≤ 10%). */
  audit: boolean;
  /** --audit-retention-days / TESSERA_AUDIT_RETENTION_DAYS: how long records are kept (ms; default 90 days). */
  auditRetentionMs: number;
}

export interface ServeFlags {
  host?: string;
  port?: string;
  data?: string;
  memory?: boolean;
  database?: string;
  accountId?: string;
  rootAccessKeyId?: string;
  rootSecretAccessKey?: string;
  log?: string;
  unsafeClockOffset?: string;
  testClock?: boolean;
  headersTimeout?: string;
  requestTimeout?: string;
  idleTimeout?: string;
  consolePort?: string;
  consoleHost?: string;
  consoleUrl?: string;
  allowReset?: boolean;
  init?: string;
  lifecycleInterval?: string;
  trailDeliveryInterval?: string;
  trailDigestInterval?: string;
  audit?: string;
  auditRetentionDays?: string;
  tlsCert?: string;
  tlsKey?: string;
  objectStore?: string;
  objectStoreTimeout?: string;
  gateway?: boolean;
}

/** Seconds from a flag or variable; `min` bounds it below (0 only where 0 means "no limit"). */
function seconds(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback * 1000;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > 86_400) throw new Error(`invalid --${name} (seconds, ${min} to 86400): ${value}`);
  return Math.round(n * 1000);
}

export function resolveConfig(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(flags.port ?? env.TESSERA_PORT ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid port: ${flags.port ?? env.TESSERA_PORT}`);
  const accountId = flags.accountId ?? env.TESSERA_ACCOUNT_ID ?? '000000000000';
  if (!/^\d{12}$/.test(accountId)) throw new Error(`invalid account id (12 digits): ${accountId}`);
  const rootAccessKeyId = flags.rootAccessKeyId ?? env.TESSERA_ROOT_ACCESS_KEY_ID;
  const rootSecretAccessKey = flags.rootSecretAccessKey ?? env.TESSERA_ROOT_SECRET_ACCESS_KEY;
  if ((rootAccessKeyId === undefined) !== (rootSecretAccessKey === undefined)) {
    throw new Error('give both --root-access-key-id and --root-secret-access-key, or neither');
  }
  if (rootAccessKeyId !== undefined && !/^[A-Z0-9]{16,128}$/.test(rootAccessKeyId)) {
    throw new Error('the root access key id must be 16 to 128 upper-case letters and digits');
  }
  const log = (flags.log ?? env.TESSERA_LOG ?? 'json') as Config['log'];
  if (log !== 'json' && log !== 'off') throw new Error(`invalid --log (json|off): ${log}`);
  const offset = Number(flags.unsafeClockOffset ?? env.TESSERA_UNSAFE_CLOCK_OFFSET ?? 0);
  if (!Number.isFinite(offset)) throw new Error('invalid --unsafe-clock-offset (seconds)');
  const cacheTtlRaw = env.TESSERA_CACHE_TTL_SECONDS?.trim() || '5';
  const cacheTtl = Number(cacheTtlRaw);
  if (!(cacheTtl >= 0 && cacheTtl <= 3600)) throw new Error(`invalid TESSERA_CACHE_TTL_SECONDS (0 to 3600): ${env.TESSERA_CACHE_TTL_SECONDS}`);
  const host = flags.host ?? env.TESSERA_HOST ?? '127.0.0.1';
  return {
    host,
    port,
    dataDir: flags.data ?? env.TESSERA_DATA ?? './.tessera',
    memory: flags.memory ?? false,
    databaseUrl: flags.database ?? env.TESSERA_DATABASE_URL,
    objectStore: flags.objectStore ?? (env.TESSERA_OBJECT_STORE || undefined),
    objectStoreTimeoutMs: seconds('object-store-timeout', flags.objectStoreTimeout ?? (env.TESSERA_OBJECT_STORE_TIMEOUT || undefined), 60, 1),
    gateway: flags.gateway ?? env.TESSERA_GATEWAY === '1',
    accountId,
    rootAccessKeyId,
    rootSecretAccessKey,
    masterKey: env.TESSERA_MASTER_KEY,
    log,
    unsafeClockOffsetMs: Math.round(offset * 1000),
    testClock: flags.testClock ?? testClockOf(env.TESSERA_TEST_CLOCK),
    region: env.TESSERA_REGION ?? 'us-east-1',
    ...timeoutsOf(flags, env),
    idleTimeoutMs: seconds('idle-timeout', flags.idleTimeout ?? env.TESSERA_IDLE_TIMEOUT, 30, 1),
    cacheTtlMs: Math.round(cacheTtl * 1000),
    unsafeIgnoreNotifications: env.TESSERA_UNSAFE_IGNORE_NOTIFICATIONS === '1',
    consolePort: consolePortOf(flags.consolePort ?? env.TESSERA_CONSOLE_PORT, port),
    consoleHost: flags.consoleHost ?? env.TESSERA_CONSOLE_HOST ?? host,
    consoleUrl: consoleUrlOf(flags.consoleUrl ?? env.TESSERA_CONSOLE_URL),
    allowReset: flags.allowReset ?? env.TESSERA_ALLOW_RESET === '1',
    initFile: flags.init ?? (env.TESSERA_INIT || undefined),
    lifecycleIntervalMs: seconds('lifecycle-interval', flags.lifecycleInterval ?? env.TESSERA_LIFECYCLE_INTERVAL_SECONDS, 3600, 1),
    trailDeliveryIntervalMs: seconds('trail-delivery-interval', flags.trailDeliveryInterval ?? env.TESSERA_TRAIL_DELIVERY_INTERVAL_SECONDS, 300, 1),
    trailDigestIntervalMs: seconds('trail-digest-interval', flags.trailDigestInterval ?? env.TESSERA_TRAIL_DIGEST_INTERVAL_SECONDS, 3600, 1),
    s3DefaultEncryption: defaultEncryptionOf(env.TESSERA_S3_DEFAULT_ENCRYPTION),
    audit: onOff('audit', flags.audit ?? env.TESSERA_AUDIT, false),
    auditRetentionMs: retentionDays(flags.auditRetentionDays ?? env.TESSERA_AUDIT_RETENTION_DAYS) * 86_400_000,
    ...tlsOf(flags.tlsCert ?? (env.TESSERA_TLS_CERT || undefined), flags.tlsKey ?? (env.TESSERA_TLS_KEY || undefined)),
  };
}

/**
 * --headers-timeout and --request-timeout. The header block is part of the request, so a request timeout
 * shorter than the headers timeout is also the headers' limit (Node refuses a server whose headers timeout
 * exceeds its request timeout).
 */
function timeoutsOf(flags: ServeFlags, env: NodeJS.ProcessEnv): Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs'> {
  const headersTimeoutMs = seconds('headers-timeout', flags.headersTimeout ?? env.TESSERA_HEADERS_TIMEOUT, 20, 1);
  const requestTimeoutMs = seconds('request-timeout', flags.requestTimeout ?? env.TESSERA_REQUEST_TIMEOUT, 300, 0);
  return { headersTimeoutMs: requestTimeoutMs === 0 ? headersTimeoutMs : Math.min(headersTimeoutMs, requestTimeoutMs), requestTimeoutMs };
}

/** on/off (also 1/0, true/false); unset: `fallback`. */
function onOff(name: string, text: string | undefined, fallback: boolean): boolean {
  const v = (text ?? '').trim().toLowerCase();
  if (v === '') return fallback;
  if (v === 'on' || v === '1' || v === 'true') return true;
  if (v === 'off' || v === '0' || v === 'false') return false;
  throw new Error(`invalid --${name} (on or off): ${text}`);
}

/** --audit-retention-days: 1 to 3650 days (default 90, as LookupEvents' window on AWS). */
function retentionDays(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 90;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new Error(`invalid --audit-retention-days (1 to 3650): ${text}`);
  return n;
}

/** --tls-cert and --tls-key: both or neither. */
function tlsOf(certFile: string | undefined, keyFile: string | undefined): { tls?: Config['tls'] } {
  if ((certFile === undefined) !== (keyFile === undefined)) throw new Error('give both --tls-cert and --tls-key, or neither');
  return certFile && keyFile ? { tls: { certFile, keyFile } } : {};
}

/** TESSERA_S3_DEFAULT_ENCRYPTION: AES256 (unset) or none. */
function defaultEncryptionOf(text: string | undefined): 'AES256' | 'none' {
  if (text === undefined || text === '' || text === 'AES256') return 'AES256';
  if (text === 'none') return 'none';
  throw new Error(`invalid TESSERA_S3_DEFAULT_ENCRYPTION (AES256 or none): ${text}`);
}

/** TESSERA_TEST_CLOCK: 1 or true turns the test clock on; unset, empty, 0 or false leave it off. */
function testClockOf(text: string | undefined): boolean {
  const v = (text ?? '').trim().toLowerCase();
  if (v === '' || v === '0' || v === 'false') return false;
  if (v === '1' || v === 'true') return true;
  throw new Error(`invalid TESSERA_TEST_CLOCK (1 or 0): ${text}`);
}

/** Default 4567; with --port 0 (tests) and nothing given, any free port too. */
function consolePortOf(text: string | undefined, apiPort: number): number | 'off' {
  if (text === undefined || text === '') {
    if (apiPort === 4567) throw new Error('--port 4567 is the console\'s default port: give the console another (--console-port) or off');
    return apiPort === 0 ? 0 : 4567;
  }
  if (text === 'off') return 'off';
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new Error(`invalid --console-port (a port, or off): ${text}`);
  if (n !== 0 && n === apiPort) throw new Error('--console-port must differ from --port: the console needs its own origin');
  return n;
}

/** An http(s) origin (scheme, host, port; no path, query or credentials). */
function consoleUrlOf(text: string | undefined): string | undefined {
  if (text === undefined || text === '') return undefined;
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new Error(`invalid --console-url: ${text}`);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== '')) {
    throw new Error(`--console-url must be an http(s) origin such as https://console.example.com (no path): ${text}`);
  }
  return u.origin;
}
