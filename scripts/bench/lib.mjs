// Shared pieces of the benchmarks: start servers, sign requests with the AWS SDK's signer, drive load with
// wrk (a separate process, C, keep-alive), parse its figures.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export function freePort() {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

export async function signForm(url, service, body, creds, region = 'us-east-1') {
  const u = new URL(url);
  const signed = await new SignatureV4({ service, region, credentials: creds, sha256: Sha256 }).sign({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
    headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
  });
  return signed.headers;
}

/** SigV4 headers for one request (S3: the payload's SHA-256 in x-amz-content-sha256, as the SDKs send it). */
export async function signRequest(url, service, { method, path, body = '', query }, creds, region = 'us-east-1') {
  const u = new URL(url);
  const { createHash } = await import('node:crypto');
  const headers = { host: u.host };
  if (service === 's3') headers['x-amz-content-sha256'] = createHash('sha256').update(body).digest('hex');
  const signed = await new SignatureV4({ service, region, credentials: creds, sha256: Sha256, uriEscapePath: service !== 's3', applyChecksum: false }).sign({
    method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path, headers, body,
    ...(query ? { query: Object.fromEntries(new URLSearchParams(query)) } : {}),
  });
  return signed.headers;
}

export async function waitFor(fn, timeoutMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A Tessera server of this checkout, or of another built one (`checkout`, a baseline for side-by-side runs). */
export function startTessera(port, extraArgs = [], env = {}, checkout = repoRoot) {
  const root = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: 'bench-root-secret-0000000000000000000000' };
  const child = spawn(process.execPath, [join(checkout, 'bin/tessera.js'), 'serve', '--port', String(port), '--console-port', 'off', '--log', 'off',
    '--root-access-key-id', root.accessKeyId, '--root-secret-access-key', root.secretAccessKey, ...extraArgs],
  { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return { child, root, url: `http://127.0.0.1:${port}` };
}

export function stop(child) {
  return new Promise((r) => {
    if (child.exitCode !== null) return r();
    child.once('exit', () => r());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/**
 * With TESSERA_BENCH_PIN=1 (and taskset present), servers started with pinned() run on CPU 0 and wrk on the
 * last CPU: two servers compared side by side then see the same placement instead of whatever the
 * scheduler chose, which on a 2-core machine moves a result by tens of percent.
 */
const PIN = process.env.TESSERA_BENCH_PIN === '1' && spawnSync('taskset', ['-c', '0', 'true']).status === 0
  ? { server: '0', load: String(Math.max(0, (await import('node:os')).cpus().length - 1)) }
  : undefined;

/** The command and arguments that start `args` (a node process) pinned as PIN says. */
export const pinned = (args) => (PIN ? ['taskset', ['-c', PIN.server, process.execPath, ...args]] : [process.execPath, args]);

/** wrk's command line for a fixed, pre-signed request (its figures printed as one JSON line). */
function wrkCommand(url, { headers = {}, body = '', method = 'POST', connections = 64, seconds = 8, threads = 1 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-wrk-'));
  const lua = join(dir, 'req.lua');
  const hdrs = Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'host' && k.toLowerCase() !== 'content-length')
    .map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(String(v))}`).join('\n');
  writeFileSync(lua, `wrk.method = ${JSON.stringify(method)}\nwrk.body = ${JSON.stringify(body)}\n${hdrs}\n` +
    `done = function(summary, latency, requests)\n  io.write(string.format("JSON{\\"requests\\":%d,\\"duration\\":%d,\\"non2xx\\":%d,\\"errors\\":%d,\\"p50\\":%d,\\"p99\\":%d}\\n", summary.requests, summary.duration, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, latency:percentile(50), latency:percentile(99)))\nend\n`);
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--latency', '-s', lua, url];
  // Pinned to the last CPU when the servers are pinned to the first (see pinned()).
  return PIN ? ['taskset', ['-c', PIN.load, 'wrk', ...args]] : ['wrk', args];
}

function wrkFigures(stdout) {
  const j = JSON.parse(/JSON(\{.*\})/.exec(stdout)[1]);
  return { rps: j.requests / (j.duration / 1e6), non2xx: j.non2xx, errors: j.errors, p50ms: j.p50 / 1000, p99ms: j.p99 / 1000 };
}

/** Runs wrk with a fixed, pre-signed POST; returns requests/second and the latency percentiles. */
export function wrk(url, opts = {}) {
  const [cmd, args] = wrkCommand(url, opts);
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  return wrkFigures(r.stdout);
}

/** The same without blocking: several wrk processes may then load several servers at once. */
export function wrkAsync(url, opts = {}) {
  const [cmd, args] = wrkCommand(url, opts);
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args);
    let out = '';
    let err = '';
    c.stdout.on('data', (d) => (out += d));
    c.stderr.on('data', (d) => (err += d));
    c.on('close', (code) => (code === 0 ? resolve(wrkFigures(out)) : reject(new Error(`wrk failed: ${err}`))));
  });
}

export const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * moto_server with its IAM auth enforced (INITIAL_NO_AUTH_ACTION_COUNT=3): the three free requests create an
 * admin user with a key; every later request is checked. Returns the server and the admin's credentials.
 */
export async function startMotoWithAdmin(port) {
  const child = spawn('moto_server', ['-p', String(port), '-H', '127.0.0.1'], {
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: '3', MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/moto-api/`)).status < 500, 30000);
  const anon = { accessKeyId: 'AKIAANON000000000000', secretAccessKey: 'anon' };
  const call = async (body) => (await fetch(url, { method: 'POST', headers: await signForm(url, 'iam', body, anon), body })).text();
  await call('Action=CreateUser&UserName=bench&Version=2010-05-08');
  await call('Action=AttachUserPolicy&UserName=bench&PolicyArn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FAdministratorAccess&Version=2010-05-08');
  const xml = await call('Action=CreateAccessKey&UserName=bench&Version=2010-05-08');
  const creds = { accessKeyId: /<AccessKeyId>([^<]+)/.exec(xml)[1], secretAccessKey: /<SecretAccessKey>([^<]+)/.exec(xml)[1] };
  return { child, url, creds };
}

/**
 * Seeds `n` empty objects into a bucket's metadata directly (a bench fixture: 100,000 PUTs would take
 * minutes), with the server stopped; `keyOf(i)` names them (by default 100 "directories" of files).
 */
export async function seedKeys(dataDir, bucket, n, keyOf = (i) => `dir-${String(i % 100).padStart(3, '0')}/file-${String(i).padStart(7, '0')}.dat`) {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(dataDir, 'tessera.db'));
  const ins = db.prepare(
    `insert into s3_objects (bucket, key, blobs, size, etag, last_modified, content_type, headers, checksum_algorithm, checksum_value, parts_count, owner_account)
     values (?, ?, '[]', 0, 'd41d8cd98f00b204e9800998ecf8427e', ?, 'binary/octet-stream', '{}', null, null, null, '000000000000')`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < n; i++) ins.run(bucket, keyOf(i), now);
  })();
  db.close();
}

/** An S3 request signed with an unsigned payload (path may carry a query string). */
export async function signS3Unsigned(url, method, path, creds, headers = {}) {
  const u = new URL(url);
  const [p, q] = path.split('?');
  const query = {};
  for (const [k, v] of new URLSearchParams(q ?? '')) query[k] = v;
  const s = await new SignatureV4({ service: 's3', region: 'us-east-1', credentials: creds, sha256: Sha256, uriEscapePath: false }).sign({
    method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: p, query,
    headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
  });
  return s.headers;
}

/** One HTTP request; the body (Buffer or Readable) is sent, the answer is read and counted, not kept. */
export function sendS3(url, method, path, headers, body, agent) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent }, (res) => {
      let n = 0;
      let text = '';
      res.on('data', (c) => {
        n += c.length;
        if (res.statusCode >= 300 || (res.headers['content-type'] ?? '').includes('xml')) text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes: n, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}
