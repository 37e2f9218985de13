/**
 * For the client end-to-end tests: a sandbox (temporary HOME, AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE:
 * the real ~/.aws is never read or written), `tessera` run as users run it (a new session without a
 * controlling terminal, so /dev/tty prompts fail rather than hang), TOTP codes from oathtool, and a pty
 * driver (python's pty module) for the tests that answer the terminal prompt or drive a shell.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, tesseraBin } from '../helpers/server.js';

export interface Sandbox {
  home: string;
  env: Record<string, string>;
  config(text: string): void;
  credentials(text: string): void;
  remove(): void;
}

export function sandbox(): Sandbox {
  const home = mkdtempSync(join(tmpdir(), 'tessera-client-'));
  const configFile = join(home, 'aws-config');
  const credentialsFile = join(home, 'aws-credentials');
  writeFileSync(configFile, '');
  writeFileSync(credentialsFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;
  return {
    home,
    env,
    config: (t) => writeFileSync(configFile, t),
    credentials: (t) => writeFileSync(credentialsFile, t),
    remove: () => rmSync(home, { recursive: true, force: true }),
  };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command detached (setsid: no controlling terminal), optionally feeding stdin. */
export function runDetached(cmd: string, args: string[], env: Record<string, string>, input?: string, timeoutMs = 90_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, detached: true, cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(input ?? '');
  });
}

export const tessera = (sb: Sandbox, args: string[], extraEnv: Record<string, string> = {}, input?: string) => runDetached(process.execPath, [tesseraBin, ...args], { ...sb.env, ...extraEnv }, input);

/** The TOTP code for now + offsetSeconds. */
export const totp = (seed: string, offsetSeconds = 0) =>
  spawnSync('oathtool', ['--totp', '-b', '-N', `now ${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds} seconds`, seed], { encoding: 'utf8' }).stdout.trim();

/** Waits for the start of the next 30-second TOTP step (plus a margin). */
export async function nextStep(): Promise<void> {
  const ms = 30_000 - (Date.now() % 30_000) + 300;
  await new Promise((r) => setTimeout(r, ms));
}

/** One exchange with a program on a terminal: wait until `expect` is shown, then type `send` (and Enter). */
export interface PtyStep {
  expect: string;
  send: string;
}

export interface PtyResult {
  /** How many times the repeated prompt was answered. */
  prompts: number;
  /** How many steps were met, in order. */
  steps: number;
  status: number;
  output: string;
}

/** Runs ARGV under a pseudo-terminal (python's pty module): its steps in order, and the repeated prompt each time it appears. */
export async function onPty(argv: string[], env: Record<string, string>, script: { steps?: PtyStep[]; repeat?: { prompt: string; answer: string } }): Promise<PtyResult> {
  const r = await runDetached('python3', ['-c', PTY_DRIVER, JSON.stringify({ argv, steps: script.steps ?? [], repeat: script.repeat ?? null })], env, undefined, 120_000);
  if (r.status !== 0) throw new Error(`pty driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as PtyResult;
}

/**
 * Runs `tessera ARGS` under a pseudo-terminal, typing `answer` each time a prompt matching `prompt` appears.
 * Returns how many prompts there were, the exit status and everything the terminal showed.
 */
export function underPty(sb: Sandbox, args: string[], prompt: string, answer: string, extraEnv: Record<string, string> = {}): Promise<PtyResult> {
  return onPty([process.execPath, tesseraBin, ...args], { ...sb.env, ...extraEnv }, { repeat: { prompt, answer } });
}

/** `tessera ARGS` on a pseudo-terminal, driven by steps. */
export function ptySteps(sb: Sandbox, args: string[], steps: PtyStep[], extraEnv: Record<string, string> = {}): Promise<PtyResult> {
  return onPty([process.execPath, tesseraBin, ...args], { ...sb.env, ...extraEnv }, { steps });
}

// Steps are matched in the output after the previous step's match, so what the terminal echoes of a typed
// line never satisfies the next expectation.
const PTY_DRIVER = String.raw`
import json, os, pty, select, signal, sys, time
spec = json.loads(sys.argv[1])
argv = spec['argv']; steps = spec['steps']; repeat = spec['repeat']
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(argv[0], argv, os.environ)
out = b''; prompts = 0; done = 0; mark = 0
while True:
    r, _, _ = select.select([fd], [], [], 60)
    if not r: break
    try: data = os.read(fd, 4096)
    except OSError: break
    if not data: break
    out += data
    while done < len(steps):
        at = out.find(steps[done]['expect'].encode(), mark)
        if at < 0: break
        mark = at + len(steps[done]['expect'].encode())
        os.write(fd, (steps[done]['send'] + '\n').encode())
        done += 1
    if repeat and out.count(repeat['prompt'].encode()) > prompts:
        prompts += 1
        os.write(fd, (repeat['answer'] + '\n').encode())
# The program has had 10 s to exit since its terminal went quiet or closed; then it is killed (status -9).
for _ in range(100):
    wpid, status = os.waitpid(pid, os.WNOHANG)
    if wpid: break
    time.sleep(0.1)
else:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
print(json.dumps({'prompts': prompts, 'steps': done, 'status': os.waitstatus_to_exitcode(status), 'output': out.decode('utf8', 'replace')}))
`;
