#!/usr/bin/env node
// Scale-out benchmark (issue 14), one run, side by side: Tessera keeping its object bytes on Ceph
// (--object-store s3://…) against Ceph's own S3 (radosgw) directly, the same requests to both:
//  - one 64 MiB object PUT and GET, MB/s (median of alternating rounds);
//  - GET of a 1 KiB object, requests/s (16 keep-alive connections, a load generator in its own process);
//  - Tessera's RSS during a 1 GiB upload (idle → peak): memory must stay flat while bytes stream to Ceph.
// Every request is signed SigV4 (UNSIGNED-PAYLOAD). Tessera runs with TESSERA_S3_DEFAULT_ENCRYPTION=none, so
// both sides move the same bytes (with SSE-S3, Tessera also seals them: see the `s3` section's SSE rows).
// Ceph: the cluster .ci/run started (TESSERA_CEPH_* variables), or scripts/ceph-up.sh starts one.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { fmt, freePort, sendS3 as send, signS3Unsigned as sign, startTessera, stop, waitFor } from './bench/lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const ROUNDS = Number(process.env.TESSERA_BENCH_ROUNDS ?? 3);

function cephEnv() {
  if (process.env.TESSERA_CEPH_ENDPOINT) return process.env;
  const out = execFileSync('bash', [join(here, 'ceph-up.sh'), join(tmpdir(), `tessera-ceph-${userInfo().uid}`)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env = {};
  for (const m of out.matchAll(/^export (\w+)='?([^'\n]*)'?$/gm)) env[m[1]] = m[2];
  return env;
}

async function call(s, method, path, body, headers = {}) {
  const r = await send(s.url, method, path, await sign(s.url, method, path, s.creds, headers), body);
  if (r.status >= 300 && !(method === 'PUT' && r.status === 409)) throw new Error(`${s.name} ${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

/** A stream of `size` bytes in 1 MiB blocks (no file I/O on the client side). */
function bytes(size) {
  const block = Buffer.alloc(MiB, 'b');
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return this.push(null);
      const n = Math.min(MiB, size - sent);
      sent += n;
      this.push(n === MiB ? block : block.subarray(0, n));
    },
  });
}

// CPU time (ms) of a process so far, from /proc (utime + stime): on a shared machine, CPU per MB is the
// figure that holds still when wall-clock throughput does not.
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
  } catch {
    return NaN;
  }
}

/** The processes whose CPU a request costs: Tessera, radosgw, the OSD (when ceph-up.sh recorded them), this client. */
function processes(env, tesseraPid) {
  const out = { Tessera: tesseraPid, radosgw: undefined, OSD: undefined, client: process.pid };
  try {
    for (const line of readFileSync(join(env.TESSERA_CEPH_DIR, 'pids'), 'utf8').split('\n')) {
      const [name, pid] = line.split(' ');
      if (name === 'rgw') out.radosgw = Number(pid);
      if (name === 'osd') out.OSD = Number(pid);
    }
  } catch {
    // A cluster started elsewhere: only Tessera's and the client's CPU are known.
  }
  return out;
}

/** Runs `fn`, adding each process's CPU time (ms) it took into `acc`. */
async function metered(procs, acc, fn) {
  const before = Object.fromEntries(Object.entries(procs).map(([n, pid]) => [n, pid ? cpuMs(pid) : NaN]));
  const r = await fn();
  for (const [n, pid] of Object.entries(procs)) acc[n] = (acc[n] ?? 0) + (pid ? cpuMs(pid) : NaN) - before[n];
  return r;
}

async function big(s, bucket, size, procs, cpu) {
  const path = `/${bucket}/object-64m`;
  let t0 = performance.now();
  await metered(procs, cpu.put, () => call(s, 'PUT', path, bytes(size), { 'content-length': String(size) }));
  const put = size / MiB / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  const g = await metered(procs, cpu.get, () => call(s, 'GET', path));
  const get = size / MiB / ((performance.now() - t0) / 1000);
  if (g.bytes !== size) throw new Error(`${s.name}: GET answered ${g.bytes} bytes`);
  return { put, get };
}

function load(cfg) {
  const r = spawnSync(process.execPath, [join(here, 'bench-s3.mjs'), 'load', JSON.stringify(cfg)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

async function smallGets(s, bucket, seconds = 5) {
  const keys = Array.from({ length: 16 }, (_, i) => `/${bucket}/small-${i}`);
  for (const k of keys) await call(s, 'PUT', k, Buffer.alloc(1024, 's'), { 'content-length': '1024' });
  const requests = [];
  for (const k of keys) requests.push({ path: k, headers: await sign(s.url, 'GET', k, s.creds) });
  const r = load({ url: s.url, method: 'GET', requests, concurrency: 16, seconds });
  if (r.errors) throw new Error(`${s.name}: ${r.errors} of ${r.n} 1 KiB GETs failed`);
  return r;
}

const rss = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;

async function memoryDuringUpload(s, child, bucket, size) {
  await new Promise((r) => setTimeout(r, 500));
  const idle = rss(child.pid);
  let peak = idle;
  const timer = setInterval(() => (peak = Math.max(peak, rss(child.pid))), 25);
  const t0 = performance.now();
  await call(s, 'PUT', `/${bucket}/object-1g`, bytes(size), { 'content-length': String(size) });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, rss(child.pid));
  await call(s, 'DELETE', `/${bucket}/object-1g`);
  return { idle, peak, MBs: size / MiB / secs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const env = cephEnv();
  const c = new URL(env.TESSERA_CEPH_ENDPOINT);
  const ceph = { name: 'Ceph', url: env.TESSERA_CEPH_ENDPOINT, creds: { accessKeyId: env.TESSERA_CEPH_ACCESS_KEY_ID, secretAccessKey: env.TESSERA_CEPH_SECRET_ACCESS_KEY } };
  const store = `bench-scale-store-${process.pid}`;
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-scale-'));
  const port = await freePort();
  const t = startTessera(port, ['--data', work, '--object-store', `s3://${c.hostname}:${c.port}/${store}`], {
    TESSERA_OBJECT_STORE_ACCESS_KEY_ID: ceph.creds.accessKeyId,
    TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY: ceph.creds.secretAccessKey,
    TESSERA_S3_DEFAULT_ENCRYPTION: 'none',
  });
  try {
    await waitFor(async () => (await fetch(`${t.url}/_health`)).ok, 60_000);
    const tessera = { name: 'Tessera', url: t.url, creds: t.root };
    const bucket = `bench-scale-${process.pid}`;
    await call(tessera, 'PUT', `/${bucket}`);
    await call(ceph, 'PUT', `/${bucket}`);
    const r = { Tessera: { put: [], get: [] }, Ceph: { put: [], get: [] } };
    const procs = processes(env, t.child.pid);
    const cpu = { Tessera: { put: {}, get: {} }, Ceph: { put: {}, get: {} } };
    for (let i = 0; i < ROUNDS; i++) {
      for (const s of i % 2 ? [ceph, tessera] : [tessera, ceph]) {
        const b = await big(s, bucket, 64 * MiB, procs, cpu[s.name]);
        r[s.name].put.push(b.put);
        r[s.name].get.push(b.get);
      }
    }
    const small = { Tessera: [], Ceph: [] };
    for (let i = 0; i < Math.max(1, ROUNDS - 1); i++) for (const s of i % 2 ? [ceph, tessera] : [tessera, ceph]) {
      const g = await smallGets(s, bucket);
      small[s.name].push(g.rps);
      console.error(`${s.name} 1 KiB GET: ${fmt(g.rps)} req/s, p50 ${fmt(g.p50, 1)} ms, p99 ${fmt(g.p99, 1)} ms`);
    }
    const mem = await memoryDuringUpload(tessera, t.child, bucket, 1024 * MiB);

    const pct = (a, b) => `${fmt((a / b) * 100, 1)}%`;
    const row = (what, a, b, ratio, target) => console.log(`| ${what} | ${a} | ${b} | ${ratio} | ${target} |`);
    console.log(`Tessera (--object-store s3:// on Ceph) vs Ceph's radosgw directly, medians of ${ROUNDS} alternating rounds:\n`);
    console.log('| measure | Tessera on Ceph | Ceph directly | Tessera / Ceph | target |');
    console.log('|---|---:|---:|---:|---|');
    const tp = median(r.Tessera.put), cp = median(r.Ceph.put), tg = median(r.Tessera.get), cg = median(r.Ceph.get);
    const ts = median(small.Tessera), cs = median(small.Ceph);
    row('64 MiB PUT (MB/s)', fmt(tp, 1), fmt(cp, 1), pct(tp, cp), tp >= 0.8 * cp ? '≥ 80%: met' : '≥ 80%: **not met**');
    row('64 MiB GET (MB/s)', fmt(tg, 1), fmt(cg, 1), pct(tg, cg), tg >= 0.8 * cg ? '≥ 80%: met' : '≥ 80%: **not met**');
    row('1 KiB GET, 16 connections (req/s)', fmt(ts), fmt(cs), pct(ts, cs), ts >= 0.8 * cs ? '≥ 80%: met' : '≥ 80%: **not met**');
    row('1 GiB upload through Tessera: its RSS idle → peak (MB)', `${fmt(mem.idle / MiB)} → ${fmt(mem.peak / MiB)} (+${fmt((mem.peak - mem.idle) / MiB)}) at ${fmt(mem.MBs)} MB/s`, '', '', mem.peak - mem.idle < 100 * MiB ? 'flat (< 100 MB growth): met' : 'flat: **not met**');
    console.log('\n(one 2-core machine runs Ceph, Tessera and the load generator: the ratio shows the overhead of the extra hop, not scaling)');
    console.log(`\nCPU time per MB moved (ms/MB, /proc utime+stime, all ${ROUNDS} rounds of 64 MiB):\n`);
    console.log(`| request | ${Object.keys(procs).join(' | ')} | all |`);
    console.log(`|---|${Object.keys(procs).map(() => '---:').join('|')}|---:|`);
    const mb = (ROUNDS * 64 * MiB) / 1e6;
    for (const op of ['put', 'get']) for (const side of ['Tessera', 'Ceph']) {
      const c = cpu[side][op];
      const cells = Object.keys(procs).map((n) => (side === 'Ceph' && n === 'Tessera' ? '' : fmt(c[n] / mb, 2)));
      const all = Object.entries(c).reduce((a, [n, v]) => a + (side === 'Ceph' && n === 'Tessera' ? 0 : v || 0), 0);
      console.log(`| 64 MiB ${op.toUpperCase()} via ${side === 'Ceph' ? 'Ceph directly' : 'Tessera on Ceph'} | ${cells.join(' | ')} | ${fmt(all / mb, 2)} |`);
    }
    for (const s of [tessera, ceph]) {
      await call(s, 'DELETE', `/${bucket}/object-64m`).catch(() => undefined);
      for (let i = 0; i < 16; i++) await call(s, 'DELETE', `/${bucket}/small-${i}`).catch(() => undefined);
      await call(s, 'DELETE', `/${bucket}`).catch(() => undefined);
    }
  } finally {
    await stop(t.child);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
