/**
 * Start-up, in one place (ARCHITECTURE.md, "Start-up"): store → key ring → default account → object bytes →
 * what each service plugs into the pipeline → the API listener and the console's own listener.
 */
import { startLifecycleSweep } from '../services/s3/lifecycleSweep.js';
import { auditRecorder, startTrailDelivery } from '../services/cloudtrail/api.js';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Credentials } from '../auth/credentials.js';
import { KeyRing, loadMasterKey } from '../auth/keyring.js';
import { Authorizer } from '../authz/authorize.js';
import { systemClock, TestClock } from '../core/clock.js';
import { ensureDefaultAccount, type RootKeys } from '../services/accounts/accounts.js';
import { iamUserResolver, policyCache, sealLegacyPasswordHashes, usageRecorder } from '../services/iam/api.js';
import { openObjectBytes } from '../store/blobs/open.js';
import { checkSessionRestrictions, composePolicyProvider, createSessionResolver, stsIam } from '../services/sts/api.js';
import { startConsoleListener } from '../console/listener.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import { createHttpServer } from './http.js';
import { jsonLogger, offLogger } from './log.js';
import { Metrics } from './metrics.js';

export interface RunningServer {
  deps: Deps;
  server: Server;
  url: string;
  /** The console's own origin (undefined: --console-port off). */
  consoleUrl: string | undefined;
  generatedRootKeys: RootKeys | undefined;
  close(): Promise<void>;
}

export async function openCore(config: Config): Promise<{ store: Store; keyring: KeyRing }> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    memory: config.memory,
    cacheTtlMs: config.cacheTtlMs,
    unsafeIgnoreNotifications: config.unsafeIgnoreNotifications,
  });
  try {
    const master = loadMasterKey({ envValue: config.masterKey, dataDir: config.dataDir, memory: config.memory });
    const keyring = await KeyRing.open(master, store);
    return { store, keyring };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** Everything a request needs, wired, without a listener (the server and the in-process test tier share it). */
export async function buildDeps(config: Config): Promise<{ deps: Deps; generated: RootKeys | undefined }> {
  const { store, keyring } = await openCore(config);
  // The test clock (--test-clock, or started ahead by --unsafe-clock-offset) is moved by POST /_admin/clock.
  const clock = config.testClock || config.unsafeClockOffsetMs !== 0 ? new TestClock(config.unsafeClockOffsetMs) : systemClock;
  const { generated } = await ensureDefaultAccount(store, keyring, {
    accountId: config.accountId,
    rootKeys: config.rootAccessKeyId ? { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey! } : undefined,
    now: clock.now(),
  });
  const logger = config.log === 'off' ? offLogger : jsonLogger();
  // S3's object bytes: the blob store under the data directory, its free-space guard, the sweep of orphans.
  const { blobs, space } = await openObjectBytes({
    memory: config.memory,
    dataDir: config.dataDir,
    store,
    minFreeBytes: process.env.TESSERA_S3_MIN_FREE_BYTES,
    objectStore: config.objectStore,
    objectStoreTimeoutMs: config.objectStoreTimeoutMs,
    skipSweep: config.skipBlobSweep === true,
    onError: (e) => logger.error('s3-sweep', e),
  });
  // Gateway mode forwards S3 to the object store's backend: it needs one (services/s3/gateway.ts).
  if (config.gateway && blobs.store.kind !== 's3') throw new Error('--gateway needs an s3:// object store (--object-store s3://HOST:PORT/BUCKET)');
  const deps: Deps = {
    config,
    store,
    blobs,
    space,
    keyring,
    clock,
    credentials: new Credentials(store, keyring),
    authorizer: new Authorizer(),
    metrics: new Metrics(),
    logger,
  };
  // The services plug into the pipeline here, and only here (ARCHITECTURE.md, "Start-up").
  // IAM: plain password hashes of older versions sealed; IAM users' access keys → callers.
  await sealLegacyPasswordHashes(store, keyring);
  deps.credentials.setUserResolver(iamUserResolver(deps));
  // IAM: last use of keys and roles, the access advisor's records (batched off the request path).
  deps.usage = usageRecorder(deps);
  // CloudTrail: every call's record, written in batches off the request path (--audit).
  if (config.audit) deps.audit = auditRecorder(deps);
  // STS: ASIA keys → sessions (no store read); session callers get their role's or user's policies with
  // the session policies (composed around IAM's provider); GetSessionToken / GetFederationToken
  // credentials are restricted whatever the policies say.
  deps.credentials.setSessionResolver(createSessionResolver(keyring, clock).resolve);
  deps.authorizer.setPolicyProvider(composePolicyProvider(policyCache(deps).provider, () => stsIam(deps)));
  deps.authorizer.addGate(checkSessionRestrictions);
  // Sign-in (/_signin/federation) and the console (/_console/) are fixed paths of server/reserved.ts.
  return { deps, generated };
}

export async function startServer(config: Config, opts: { beforeListen?: (deps: Deps) => Promise<void> } = {}): Promise<RunningServer> {
  const { deps, generated } = await buildDeps(config);
  // `serve --init`: the state file is applied before the first request can arrive.
  if (opts.beforeListen) {
    try {
      await opts.beforeListen(deps);
    } catch (e) {
      await deps.store.close();
      throw e;
    }
  }
  const { store } = deps;
  const server = createHttpServer(deps);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  // The console on a listener of its own (its own origin: no S3 response is ever same-origin with it).
  const consoleListener = await startConsoleListener(deps, server, addr);
  // S3 lifecycle rules are carried out by a periodic sweep (one server at a time holds its lease).
  const stopLifecycle = startLifecycleSweep(deps, config.lifecycleIntervalMs);
  // CloudTrail trails deliver the recorded calls to S3 (only with the recorder on: --audit).
  const stopTrails = deps.audit ? startTrailDelivery(deps) : () => undefined;
  let closing: Promise<void> | undefined;
  return {
    deps,
    server,
    url: `${config.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    consoleUrl: consoleListener?.url,
    generatedRootKeys: generated,
    close() {
      closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, drop idle keep-alive connections, then the store.
        const done = new Promise<void>((r) => server.close(() => r()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), 10_000);
        stopLifecycle();
        stopTrails();
        await consoleListener?.close();
        await done;
        clearTimeout(force);
        await deps.usage?.close();
        await deps.audit?.close();
        await store.close();
      })();
      return closing;
    },
  };
}
