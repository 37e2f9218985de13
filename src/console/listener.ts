/**
 * The console's own listener (see site.ts): created with the API listener's settings (createHttpServer, in
 * its 'console' mode), on --console-host:--console-port, unless --console-port is off.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Deps } from '../server/deps.js';
import { createHttpServer } from '../server/http.js';
import { consoleSite } from './site.js';

export interface ConsoleListener {
  server: Server;
  /** --console-url, else http://ADDRESS:PORT as bound. */
  url: string;
  /** Stops accepting, lets in-flight requests finish, drops idle connections (all of them after 10 s). */
  close(): Promise<void>;
}

export async function startConsoleListener(deps: Deps, api: Server, apiAddr: AddressInfo): Promise<ConsoleListener | undefined> {
  const { consolePort, consoleHost, consoleUrl } = deps.config;
  if (consolePort === 'off') return undefined;
  const server = createHttpServer(deps, 'console');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(consolePort, consoleHost, () => resolve());
    });
  } catch (e) {
    await new Promise((r) => api.close(r));
    throw e;
  }
  const addr = server.address() as AddressInfo;
  deps.consoleSite = consoleSite(deps, apiAddr, addr);
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    server,
    url: consoleUrl ?? `http://${host}:${addr.port}`,
    async close() {
      const done = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), 10_000);
      await done;
      clearTimeout(force);
    },
  };
}
