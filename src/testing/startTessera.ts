/**
 * startTessera: a real `tessera serve` for a test suite, in a child process on a free port, with root keys
 * made for it, keeping nothing on disk unless told otherwise; `stop()` ends it. The package exports it as
 * `tessera-iam/testing`, and the project's own end-to-end tests start every server through it
 * (test/helpers/server.ts).
 *
 *   const tessera = await startTessera({ init: 'test/state.yaml' });
 *   const sts = new STSClient({ endpoint: tessera.endpoint, region: tessera.region, credentials: tessera.credentials });
 *   ...
 *   await tessera.stop();
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { packageRoot } from '../core/paths.js';

export interface TesseraCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface StartTesseraOptions {
  /** A state file (YAML or JSON) the server applies at start-up: `serve --init FILE`. */
  init?: string;
  /**
   * More `tessera serve` options. Unless they name one, the server keeps nothing on disk (`--memory`; not
   * with `--data` or `--database`) and listens on a free port (`--port 0`).
   */
  args?: string[];
  /** Environment variables for the server, on top of this process's. */
  env?: Record<string, string>;
  /** Root keys of the default account; default: new random keys for this server. */
  credentials?: TesseraCredentials;
  /** The default account's id (`--account-id`); default the server's, `000000000000`. */
  accountId?: string;
  /** How long to wait for the server to listen, in milliseconds; default 20000. */
  timeoutMs?: number;
}

export interface RunningTessera {
  /** The API's endpoint (IAM, STS, S3), e.g. `http://127.0.0.1:40123`. */
  endpoint: string;
  /** Root keys of the default account. */
  credentials: TesseraCredentials;
  accountId: string;
  region: string;
  /** The web console's origin, e.g. `http://127.0.0.1:40124`; '' with `--console-port off`. */
  consoleUrl: string;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  process: ChildProcess;
  /** Stops the server (SIGTERM: in-flight requests finish) and resolves with its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const DEFAULT_ACCOUNT_ID = '000000000000';
const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A root key pair shaped like AWS's: `AKIA` + 16 characters, a 40-character secret. */
export function newRootCredentials(): TesseraCredentials {
  const id = [...randomBytes(16)].map((b) => KEY_ID_ALPHABET[b & 31]).join('');
  return { accessKeyId: `AKIA${id}`, secretAccessKey: randomBytes(30).toString('base64') };
}

const has = (args: string[], ...flags: string[]) => args.some((a) => flags.some((f) => a === f || a.startsWith(`${f}=`)));

const valueOf = (args: string[], flag: string): string | undefined => {
  const i = args.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return undefined;
  return args[i]!.includes('=') ? args[i]!.slice(flag.length + 1) : args[i + 1];
};

/** The `tessera serve` command line for these options (after the script path). */
function serveArgs(opts: StartTesseraOptions): string[] {
  const extra = opts.args ?? [];
  const args = ['serve'];
  if (!has(extra, '--port')) args.push('--port', '0');
  if (!has(extra, '--memory', '--data', '--database')) args.push('--memory');
  if (opts.accountId) args.push('--account-id', opts.accountId);
  if (opts.init) args.push('--init', opts.init);
  return [...args, ...extra];
}

export async function startTessera(opts: StartTesseraOptions = {}): Promise<RunningTessera> {
  const credentials = opts.credentials ?? newRootCredentials();
  const args = serveArgs(opts);
  const env: Record<string, string | undefined> = {
    ...process.env,
    // Keys in the environment, not on the command line (which every local user can read).
    TESSERA_ROOT_ACCESS_KEY_ID: credentials.accessKeyId,
    TESSERA_ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    ...opts.env,
  };
  const accountId = opts.accountId ?? valueOf(args, '--account-id') ?? env.TESSERA_ACCOUNT_ID ?? DEFAULT_ACCOUNT_ID;
  const region = env.TESSERA_REGION ?? 'us-east-1';
  const child = spawn(process.execPath, [join(packageRoot(), 'bin', 'tessera.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let listening = false;
  child.stdout!.on('data', (d: Buffer) => (out += d));
  child.stderr!.on('data', (d: Buffer) => (out += d));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tessera serve did not listen within ${opts.timeoutMs ?? 20_000} ms:\n${out}`));
    }, opts.timeoutMs ?? 20_000);
    const onData = () => {
      const m = listening ? null : /Tessera listening on (https?:\/\/\S+)/.exec(out);
      if (m) {
        listening = true;
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`tessera serve exited (${code ?? signal}) before listening:\n${out}`));
    });
  });
  // Printed before the "listening" line when the console listens.
  const consoleUrl = /Tessera console on (https?:\/\/\S+)\/_console\//.exec(out)?.[1] ?? '';
  return {
    endpoint,
    credentials,
    accountId,
    region,
    consoleUrl,
    output: () => out,
    process: child,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      return new Promise<number | null>((resolve) => {
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      });
    },
  };
}
