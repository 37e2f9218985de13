/**
 * Real AWS clients pointed at a test server: the AWS SDK for JavaScript v3 in-process, boto3 and the aws CLI
 * in subprocesses. Credentials and endpoints go through the environment exactly as users set them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, type TestServer } from './server.js';

export interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const sdkConfig = (server: TestServer, credentials: Creds = server.root) => ({
  endpoint: server.url,
  region: 'us-east-1',
  credentials,
  maxAttempts: 1,
});

function awsEnv(server: TestServer, c: Creds, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_ACCESS_KEY_ID: c.accessKeyId,
    AWS_SECRET_ACCESS_KEY: c.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
  if (c.sessionToken) env.AWS_SESSION_TOKEN = c.sessionToken;
  if (process.env.PYENV_ROOT) env.PYENV_ROOT = process.env.PYENV_ROOT;
  void server;
  return env;
}

export interface ProcResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the aws CLI (v1). Pass `--endpoint-url` in args, or set AWS_ENDPOINT_URL in extraEnv. */
export function awsCli(server: TestServer, args: string[], c: Creds = server.root, extraEnv: Record<string, string> = {}): ProcResult {
  const r = spawnSync('aws', args, { env: awsEnv(server, c, extraEnv), encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Runs a Python (boto3) script. The script gets ENDPOINT in the environment and prints JSON on stdout.
 */
export function python(server: TestServer, script: string, c: Creds = server.root, extraEnv: Record<string, string> = {}): ProcResult {
  const r = spawnSync('python3', ['-c', script], {
    env: awsEnv(server, c, { ENDPOINT: server.url, PYTHONPATH: join(repoRoot, 'test', 'e2e'), PYTHONDONTWRITEBYTECODE: '1', ...extraEnv }),
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same clients without blocking this process: needed when the endpoint they talk to runs in the test's
 * own process (a load balancer in front of several servers), which spawnSync would freeze.
 */
function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProcResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export const awsCliAsync = (server: TestServer, args: string[], c: Creds = server.root, extraEnv: Record<string, string> = {}) =>
  run('aws', args, awsEnv(server, c, extraEnv), 60_000);

export const pythonAsync = (server: TestServer, script: string, c: Creds = server.root, extraEnv: Record<string, string> = {}) =>
  run('python3', ['-c', script], awsEnv(server, c, { ENDPOINT: server.url, ...extraEnv }), 120_000);
