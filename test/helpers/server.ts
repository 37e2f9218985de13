/**
 * Starts a real Tessera server (the compiled `tessera serve`, as users run it) in a child process on a free
 * port, with known root keys, and stops it after the tests. No mock of our own server anywhere.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTessera } from '../../src/testing/startTessera.js';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
export const tesseraBin = join(repoRoot, 'bin', 'tessera.js');

export interface TestServer {
  url: string;
  port: number;
  /** The web console's own origin (its own listener), e.g. http://127.0.0.1:PORT; '' with --console-port off. */
  consoleUrl: string;
  accountId: string;
  root: { accessKeyId: string; secretAccessKey: string };
  dataDir: string;
  /** Everything the server printed (stdout + stderr), for assertions on logs. */
  output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  child: ChildProcess;
}

export interface StartOptions {
  args?: string[];
  env?: Record<string, string>;
  /** Keep nothing on disk (default true unless dataDir or database given). */
  memory?: boolean;
  dataDir?: string;
  database?: string;
  accountId?: string;
  root?: { accessKeyId: string; secretAccessKey: string };
}

let counter = 0;

export async function startServer(opts: StartOptions = {}): Promise<TestServer> {
  counter++;
  const accountId = opts.accountId ?? '123456789012';
  const root = opts.root ?? { accessKeyId: `AKIATESTROOT${String(counter).padStart(8, '0')}`, secretAccessKey: `testRootSecret/${counter}/${process.pid}/abcdefghijklmnop` };
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tessera-test-'));
  const args = ['--data', dataDir];
  if (opts.database) args.push('--database', opts.database);
  else if (opts.memory ?? !opts.dataDir) args.push('--memory');
  // The console on any free port too, even when a test fixes --port (unless it says otherwise).
  if (!(opts.args ?? []).includes('--console-port')) args.push('--console-port', '0');
  args.push(...(opts.args ?? []));
  // Started the way the package's users start theirs: startTessera (the package's `tessera-iam/testing`).
  const tessera = await startTessera({ args, env: opts.env ?? {}, accountId, credentials: root });
  return {
    url: tessera.endpoint,
    port: Number(new URL(tessera.endpoint).port),
    consoleUrl: tessera.consoleUrl,
    accountId,
    root,
    dataDir,
    child: tessera.process,
    output: tessera.output,
    async stop(signal = 'SIGTERM') {
      const code = await tessera.stop(signal);
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
