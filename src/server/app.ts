/**
 * Wiring: store → key ring → default account → credentials, authorizer, operations → HTTP listener.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { Credentials } from '../auth/credentials.js';
import { KeyRing, loadMasterKey } from '../auth/keyring.js';
import { Authorizer } from '../authz/authorize.js';
import { OffsetClock, systemClock } from '../core/clock.js';
import { ensureDefaultAccount, type RootKeys } from '../services/accounts/accounts.js';
import { wireIam } from '../services/iam/wire.js';
import { buildRegistry } from '../services/registry.js';
import { wireS3 } from '../services/s3/wire.js';
import { wireSignin } from '../services/signin/wire.js';
import { wireSts } from '../services/sts/wire.js';
import { consoleSite } from '../console/site.js';
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
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, memory: config.memory });
  try {
    const master = loadMasterKey({ envValue: config.masterKey, dataDir: config.dataDir, memory: config.memory });
    const keyring = await KeyRing.open(master, store);
    return { store, keyring };
  } catch (e) {
    await store.close();
    throw e;
  }
}

export async function startServer(config: Config): Promise<RunningServer> {
  const { store, keyring } = await openCore(config);
  const clock = config.unsafeClockOffsetMs !== 0 ? new OffsetClock(config.unsafeClockOffsetMs) : systemClock;
  const { generated } = await ensureDefaultAccount(store, keyring, {
    accountId: config.accountId,
    rootKeys: config.rootAccessKeyId ? { accessKeyId: config.rootAccessKeyId, secretAccessKey: config.rootSecretAccessKey! } : undefined,
    now: clock.now(),
  });
  const deps: Deps = {
    config,
    store,
    keyring,
    clock,
    credentials: new Credentials(store, keyring),
    authorizer: new Authorizer(),
    registry: buildRegistry(),
    metrics: new Metrics(),
    logger: config.log === 'off' ? offLogger : jsonLogger(),
  };
  await wireIam(deps);
  await wireSts(deps);
  await wireS3(deps);
  await wireSignin(deps);
  const server = createHttpServer(deps);
  const addr = await listen(server, config.port, config.host);
  // The console on its own listener (its own origin: no S3 response is ever same-origin with it).
  const consoleServer = config.consolePort === 'off' ? undefined : createHttpServer(deps, 'console');
  const consoleAddr = consoleServer ? await listen(consoleServer, config.consolePort as number, config.consoleHost).catch(async (e) => {
    await new Promise((r) => server.close(r));
    throw e;
  }) : undefined;
  if (consoleAddr) deps.consoleSite = consoleSite(deps, addr, consoleAddr);
  let closing: Promise<void> | undefined;
  return {
    deps,
    server,
    url: urlOf(addr),
    consoleUrl: consoleAddr ? config.consoleUrl ?? urlOf(consoleAddr) : undefined,
    generatedRootKeys: generated,
    close() {
      closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, drop idle keep-alive connections, then the store.
        await Promise.all([server, consoleServer].map((s) => (s ? drain(s) : undefined)));
        await store.close();
      })();
      return closing;
    },
  };
}

async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server.address() as AddressInfo;
}

const urlOf = (addr: AddressInfo) => `http://${addr.family === 'IPv6' ? `[${addr.address}]` : addr.address}:${addr.port}`;

async function drain(server: Server): Promise<void> {
  const done = new Promise<void>((r) => server.close(() => r()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 10_000);
  await done;
  clearTimeout(force);
}
