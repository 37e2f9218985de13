/**
 * Starts a real Tessera server (the compiled `tessera serve`, as users run it) in a child process on a free
 * port, with known root keys, and stops it after the tests. No mock of our own server anywhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  const args = [tesseraBin, 'serve', '--port', '0', '--account-id', accountId, '--root-access-key-id', root.accessKeyId, '--root-secret-access-key', root.secretAccessKey, '--data', dataDir];
  if (opts.database) args.push('--database', opts.database);
  else if (opts.memory ?? !opts.dataDir) args.push('--memory');
  // The console on any free port too, even when a test fixes --port (unless it says otherwise).
  if (!(opts.args ?? []).includes('--console-port')) args.push('--console-port', '0');
  args.push(...(opts.args ?? []));
  const child = spawn(process.execPath, args, { env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  let consoleUrl = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000);
    const onData = () => {
      const m = /Tessera listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        // Printed before the "listening" line when the console listens.
        consoleUrl = /Tessera console on (https?:\/\/\S+)\/_console\//.exec(out)?.[1] ?? '';
        clearTimeout(timer);
        resolveUrl(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const port = Number(new URL(url).port);
  return {
    url,
    port,
    consoleUrl,
    accountId,
    root,
    dataDir,
    child,
    output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const code = await new Promise<number | null>((r) => {
        child.once('exit', (c) => r(c));
        child.kill(signal);
      });
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
