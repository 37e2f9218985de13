#!/usr/bin/env node
// S3 benchmark (issue 6), one run, moto side by side:
//  - GET and PUT of 1 MiB objects, requests/s (a load generator in a separate process, keep-alive);
//  - one 256 MiB object PUT and GET, MB/s, against a plain file copy on the same disk (cp, and cp + fsync:
//    Tessera fsyncs every object before answering);
//  - the server's peak RSS during a 1 GiB upload (growth over its idle RSS);
//  - ListObjectsV2 page latency (1,000 keys a page) over 100,000 keys;
//  - SSE-S3 (the default) against unencrypted (TESSERA_S3_DEFAULT_ENCRYPTION=none): 256 MiB PUT and GET, MB/s,
//    the server's CPU time per GiB (/proc/PID/stat: steadier than MB/s on a shared machine) and RSS growth,
//    and 1 KiB GETs (requests/s), alternating rounds (`node scripts/bench-s3.mjs sse` runs this part alone).
//  - ListObjectVersions page latency (1,000 entries a page) over 100,000 versions (10,000 keys × 10).
// `node scripts/bench-s3.mjs versions` runs only the ListObjectVersions case; `lists` the object listings
// (side by side with a baseline checkout given as TESSERA_BENCH_BASELINE, see listsMain).
// Every request is signed SigV4 (UNSIGNED-PAYLOAD, as SDKs send over TLS) and authorized by the policy engine.
// `node scripts/bench-s3.mjs load <json>` is the load generator's own entry point.
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync, closeSync, fsyncSync } from 'node:fs';
import { Agent } from 'node:http';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { fmt, freePort, repoRoot, seedKeys, sendS3 as send, signForm, signS3Unsigned as sign, startTessera, stop, waitFor, startMotoWithAdmin } from './bench/lib.mjs';

const MiB = 1024 * 1024;

// ---- the load generator (separate process) ---------------------------------------------------------------
async function loadMain(cfg) {
  const agent = new Agent({ keepAlive: true, maxSockets: cfg.concurrency });
  const body = cfg.bodySize ? Buffer.alloc(cfg.bodySize, 'x') : undefined;
  const lat = [];
  let errors = 0;
  let i = 0;
  const end = performance.now() + cfg.seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const r = cfg.requests[i++ % cfg.requests.length];
      const t0 = performance.now();
      try {
        const res = await send(cfg.url, cfg.method, r.path, r.headers, body, agent);
        if (res.status >= 300) errors++;
      } catch {
        errors++;
      }
      lat.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: cfg.concurrency }, worker));
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const pct = (p) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
  process.stdout.write(JSON.stringify({ rps: lat.length / secs, p50: pct(50), p99: pct(99), errors, n: lat.length }) + '\n');
  agent.destroy();
}

function load(cfg) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), 'load', JSON.stringify(cfg)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

// ---- servers ---------------------------------------------------------------------------------------------
async function startMoto() {
  return { ...(await startMotoWithAdmin(await freePort())), name: 'moto' };
}

async function startOurs(dataDir, env = {}, checkout = undefined) {
  const port = await freePort();
  const t = startTessera(port, ['--data', dataDir], env, checkout);
  await waitFor(async () => (await fetch(`${t.url}/_health`)).ok);
  return { child: t.child, url: t.url, creds: t.root, name: 'Tessera' };
}

async function call(s, method, path, body, headers = {}) {
  const h = await sign(s.url, method, path, s.creds, headers);
  const r = await send(s.url, method, path, h, body);
  if (r.status >= 300) throw new Error(`${s.name} ${method} ${path}: ${r.status} ${r.text.slice(0, 300)}`);
  return r;
}

// ---- measurements ----------------------------------------------------------------------------------------
async function smallObjects(s, seconds = 6) {
  await call(s, 'PUT', '/bench-small');
  const keys = Array.from({ length: 16 }, (_, i) => `/bench-small/obj-${i}`);
  const puts = [];
  for (const k of keys) puts.push({ path: k, headers: await sign(s.url, 'PUT', k, s.creds, { 'content-length': String(MiB) }) });
  const put = load({ url: s.url, method: 'PUT', requests: puts, bodySize: MiB, concurrency: 16, seconds });
  const gets = [];
  for (const k of keys) gets.push({ path: k, headers: await sign(s.url, 'GET', k, s.creds) });
  const get = load({ url: s.url, method: 'GET', requests: gets, concurrency: 16, seconds });
  return { put, get };
}

function rss(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) * 1024;
  } catch {
    return NaN;
  }
}

/** A process's CPU time so far (user + system, all its threads), in ms; NaN where /proc is not there. */
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

async function bigObject(s, file, size) {
  await call(s, 'PUT', '/bench-big');
  const path = '/bench-big/object-256m';
  const GB = size / 2 ** 30;
  let cpu0 = cpuMs(s.child.pid);
  let t0 = performance.now();
  await call(s, 'PUT', path, createReadStream(file, { highWaterMark: MiB }), { 'content-length': String(size) });
  const putSecs = (performance.now() - t0) / 1000;
  const putCpu = (cpuMs(s.child.pid) - cpu0) / GB;
  // Three GETs (the median of each measure): one GET of a loaded machine's is a coin toss.
  const gets = [];
  for (let i = 0; i < 3; i++) {
    const headers = await sign(s.url, 'GET', path, s.creds);
    cpu0 = cpuMs(s.child.pid);
    t0 = performance.now();
    const g = await send(s.url, 'GET', path, headers);
    const getSecs = (performance.now() - t0) / 1000;
    if (g.bytes !== size) throw new Error(`${s.name}: GET returned ${g.bytes} bytes`);
    gets.push({ MBs: size / MiB / getSecs, cpu: (cpuMs(s.child.pid) - cpu0) / GB });
  }
  const mid = (k) => gets.map((g) => g[k]).sort((a, b) => a - b)[1];
  return { putMBs: size / MiB / putSecs, getMBs: mid('MBs'), putCpu, getCpu: mid('cpu') };
}

async function memoryDuringUpload(s, size) {
  const path = '/bench-big/object-1g';
  await new Promise((r) => setTimeout(r, 500));
  const idle = rss(s.child.pid);
  let peak = idle;
  const timer = setInterval(() => (peak = Math.max(peak, rss(s.child.pid))), 25);
  const block = Buffer.alloc(MiB, 'm');
  let sent = 0;
  const body = new Readable({
    read() {
      if (sent >= size) return this.push(null);
      sent += block.length;
      this.push(block);
    },
  });
  const t0 = performance.now();
  await call(s, 'PUT', path, body, { 'content-length': String(size) });
  const secs = (performance.now() - t0) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, rss(s.child.pid));
  return { idle, peak, growth: peak - idle, MBs: size / MiB / secs };
}

/** Seeds `n` keys into the bucket's metadata directly (a bench fixture: PUTs would take minutes), then restarts. */
/** Seeds `keys` keys of `per` versions each into a versioned bucket's metadata directly (a bench fixture), then restarts. */
async function seedVersions(dataDir, bucket, keys, per) {
  const Database = (await import('better-sqlite3')).default;
  const db = new Database(join(dataDir, 'tessera.db'));
  const etag = 'd41d8cd98f00b204e9800998ecf8427e';
  const latest = db.prepare(
    `insert into s3_objects (bucket, key, blobs, size, etag, last_modified, content_type, headers, checksum_algorithm, checksum_value, parts_count, owner_account, version_id, delete_marker, tags)
     values (?, ?, '[]', 0, '${etag}', ?, 'binary/octet-stream', '{}', null, null, null, '000000000000', ?, 0, null)`,
  );
  const older = db.prepare(
    `insert into s3_versions (bucket, key, seq, version_id, delete_marker, last_modified, noncurrent_since, size, etag, owner_account, checksum_algorithm, blobs, row)
     values (?, ?, ?, ?, 0, ?, ?, 0, '${etag}', '000000000000', null, '[]', ?)`,
  );
  const now = Date.now();
  const vid = (k, v) => `v${String(k).padStart(7, '0')}${String(v).padStart(3, '0')}`.padEnd(32, 'x');
  db.transaction(() => {
    for (let k = 0; k < keys; k++) {
      const key = `dir-${String(k % 100).padStart(3, '0')}/file-${String(k).padStart(7, '0')}.dat`;
      latest.run(bucket, key, now, vid(k, per - 1));
      for (let v = per - 2; v >= 0; v--) {
        const row = { bucket, key, blobs: '[]', size: 0, etag, last_modified: now, content_type: 'binary/octet-stream', headers: '{}', checksum_algorithm: null, checksum_value: null, parts_count: null, owner_account: '000000000000', version_id: vid(k, v), delete_marker: 0, tags: null };
        older.run(bucket, key, v - per + 1, vid(k, v), now, now, JSON.stringify(row));
      }
    }
  })();
  db.close();
}

/** ListObjectVersions over 100,000 versions: the first page, pages from mid-bucket key markers, and from a version marker. */
async function versionListing(work) {
  const dataDir = join(work, 'data-versions');
  let s = await startOurs(dataDir);
  await call(s, 'PUT', '/bench-versions');
  const body = Buffer.from('<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>');
  await call(s, 'PUT', '/bench-versions?versioning', body, { 'content-length': String(body.length) });
  await stop(s.child);
  await seedVersions(dataDir, 'bench-versions', 10_000, 10);
  s = await startOurs(dataDir);
  const first = await listLatency(s, 'bench-versions', ['versions&max-keys=1000']);
  // ListObjectsV2 of the same bucket's 10,000 keys under the same conditions: the machine's own listing cost.
  const v2 = await listLatency(s, 'bench-versions', ['list-type=2&max-keys=1000']);
  const mid = await listLatency(
    s,
    'bench-versions',
    Array.from({ length: 50 }, (_, i) => `versions&max-keys=1000&key-marker=${encodeURIComponent(`dir-${String(i * 2).padStart(3, '0')}/`)}`),
  );
  const marker = await listLatency(s, 'bench-versions', [
    `versions&max-keys=1000&key-marker=${encodeURIComponent('dir-050/file-0005050.dat')}&version-id-marker=${'v0005050004'.padEnd(32, 'x')}`,
  ]);
  await stop(s.child);
  return { first, mid, marker, v2 };
}

const versionLine = (v) =>
  `ListObjectVersions over 100,000 versions (10,000 keys × 10), 1,000-entry pages: first p50 ${fmt(v.first.p50, 2)} ms p99 ${fmt(v.first.p99, 2)} ms (${v.first.keys} entries), server CPU ${fmt(v.first.cpu, 2)} ms/page; ` +
  `mid-bucket key-marker p50 ${fmt(v.mid.p50, 2)} p99 ${fmt(v.mid.p99, 2)} ms, CPU ${fmt(v.mid.cpu, 2)} ms/page; version-id-marker p50 ${fmt(v.marker.p50, 2)} p99 ${fmt(v.marker.p99, 2)} ms, CPU ${fmt(v.marker.cpu, 2)} ms/page (target p99 < 20 ms); ` +
  `same run, ListObjectsV2 1,000-key page of that bucket p50 ${fmt(v.v2.p50, 2)} p99 ${fmt(v.v2.p99, 2)} ms, CPU ${fmt(v.v2.cpu, 2)} ms/page; errors ${v.first.errors + v.mid.errors + v.marker.errors}`;

async function listLatency(s, bucket, requests) {
  const reqs = [];
  for (const q of requests) {
    const path = `/${bucket}?${q}`;
    reqs.push({ path, headers: await sign(s.url, 'GET', path, s.creds) });
  }
  // Sanity: a page holds what it should.
  const first = await call(s, 'GET', reqs[0].path);
  const keys = (first.text.match(/<Key>/g) ?? []).length;
  // A one-second warm-up of the same requests, not counted: the first pages after a start otherwise measure
  // the JIT and SQLite's page cache filling (the first case's p50 ran 1.5× the others').
  load({ url: s.url, method: 'GET', requests: reqs, concurrency: 1, seconds: 1 });
  const cpu0 = cpuMs(s.child.pid);
  const r = load({ url: s.url, method: 'GET', requests: reqs, concurrency: 1, seconds: 4 });
  // The server's CPU time per page (user + system): steadier than latency on a shared machine.
  return { ...r, keys, cpu: (cpuMs(s.child.pid) - cpu0) / r.n };
}

/** 256 MiB PUT and GET with the server's peak RSS growth over both, on a server started with `env`. */
async function bigWithMemory(dataDir, file, size, env) {
  const s = await startOurs(dataDir, env);
  try {
    await new Promise((r) => setTimeout(r, 300));
    const idle = rss(s.child.pid);
    let peak = idle;
    const timer = setInterval(() => (peak = Math.max(peak, rss(s.child.pid))), 25);
    const r = await bigObject(s, file, size);
    clearInterval(timer);
    const growth = Math.max(peak, rss(s.child.pid)) - idle;
    return { ...r, growth, smallGetRps: (await smallGets(s)).rps };
  } finally {
    await stop(s.child);
  }
}

/** GETs of 1 KiB objects, requests/s (16 keys, 16 at a time): the per-request cost of opening a sealed blob. */
async function smallGets(s, seconds = 4) {
  await call(s, 'PUT', '/bench-small-sse');
  const body = Buffer.alloc(1024, 's');
  const gets = [];
  for (let i = 0; i < 16; i++) {
    const k = `/bench-small-sse/obj-${i}`;
    await call(s, 'PUT', k, body, { 'content-length': String(body.length) });
    gets.push({ path: k, headers: await sign(s.url, 'GET', k, s.creds) });
  }
  const r = load({ url: s.url, method: 'GET', requests: gets, concurrency: 16, seconds });
  if (r.errors) throw new Error(`${s.name}: ${r.errors} failed 1 KiB GETs`);
  return r;
}

/** SSE-S3 against unencrypted: alternating rounds on fresh servers, medians. */
async function sseComparison(work, file, size, rounds = 3) {
  const runs = { plain: [], sse: [] };
  const loadBefore = loadavg().map((x) => x.toFixed(2)).join(' ');
  for (let i = 0; i < rounds; i++) {
    for (const [name, env] of [['plain', { TESSERA_S3_DEFAULT_ENCRYPTION: 'none' }], ['sse', {}]]) {
      const dir = join(work, `data-${name}-${i}`);
      runs[name].push(await bigWithMemory(dir, file, size, env));
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const m = (name, k) => median(runs[name].map((r) => r[k]));
  console.log(`load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log('\n## S3: SSE-S3 (AES-256-GCM, 1 MiB segments) vs unencrypted, 256 MiB object, median of', rounds, 'alternating rounds (GETs: the median of 3 each)\n');
  console.log('| what | unencrypted | SSE-S3 | SSE-S3 / unencrypted |');
  console.log('|---|---:|---:|---:|');
  for (const [label, k] of [['PUT 256 MiB, MB/s', 'putMBs'], ['GET 256 MiB, MB/s', 'getMBs']]) {
    console.log(`| ${label} | ${fmt(m('plain', k))} | ${fmt(m('sse', k))} | ${fmt((m('sse', k) / m('plain', k)) * 100, 1)}% (target ≥ 70%) |`);
  }
  for (const [label, k] of [['PUT 256 MiB, server CPU ms per GiB', 'putCpu'], ['GET 256 MiB, server CPU ms per GiB', 'getCpu']]) {
    console.log(`| ${label} | ${fmt(m('plain', k))} | ${fmt(m('sse', k))} | ${fmt((m('plain', k) / m('sse', k)) * 100, 1)}% (unencrypted / SSE-S3) |`);
  }
  console.log(`| GET 1 KiB, requests/s (16 at a time) | ${fmt(m('plain', 'smallGetRps'))} | ${fmt(m('sse', 'smallGetRps'))} | ${fmt((m('sse', 'smallGetRps') / m('plain', 'smallGetRps')) * 100, 1)}% |`);
  console.log(`| server RSS growth over PUT + GET (MB) | ${fmt(m('plain', 'growth') / MiB, 1)} | ${fmt(m('sse', 'growth') / MiB, 1)} | |`);
}

async function makeSource(file) {
  const fd = openSync(file, 'w');
  const block = Buffer.alloc(MiB);
  for (let i = 0; i < 256; i++) {
    block.fill(i);
    writeSync(fd, block);
  }
  fsyncSync(fd);
  closeSync(fd);
  return block;
}

async function sseMain() {
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-sse-'));
  try {
    const file = join(work, 'src-256m.bin');
    await makeSource(file);
    await sseComparison(work, file, 256 * MiB);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

// ---- main ------------------------------------------------------------------------------------------------
async function main() {
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-s3-'));
  const dataDir = join(work, 'data');
  const file = join(work, 'src-256m.bin');
  const BIG = 256 * MiB;
  try {
    // The 256 MiB source file and the plain copy on the same disk.
    const block = await makeSource(file);
    let t0 = performance.now();
    spawnSync('cp', [file, join(work, 'copy1.bin')]);
    const cpMBs = 256 / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    await pipeline(createReadStream(file, { highWaterMark: MiB }), createWriteStream(join(work, 'copy2.bin'), { flush: true }));
    const c2 = openSync(join(work, 'copy2.bin'), 'r+');
    fsyncSync(c2);
    closeSync(c2);
    const cpSyncMBs = 256 / ((performance.now() - t0) / 1000);
    // S3's ETag of a single PUT is the body's MD5: one MD5 stream is the ceiling of one PUT on this CPU.
    const md5 = (await import('node:crypto')).createHash('md5');
    t0 = performance.now();
    for (let i = 0; i < 256; i++) md5.update(block);
    md5.digest();
    const md5MBs = 256 / ((performance.now() - t0) / 1000);
    rmSync(join(work, 'copy1.bin'));
    rmSync(join(work, 'copy2.bin'));

    console.log('\n## S3: 1 MiB objects (16 keep-alive connections, load generator in its own process), 256 MiB object, 1 GiB upload memory, listings\n');
    const ours = await startOurs(dataDir);
    const tSmall = await smallObjects(ours);
    const tBig = await bigObject(ours, file, BIG);
    await call(ours, 'PUT', '/bench-list');
    await stop(ours.child);
    // Memory on a freshly started server: idle RSS right after start-up, peak while 1 GiB streams in.
    const fresh = await startOurs(join(work, 'data-mem'));
    await call(fresh, 'PUT', '/bench-big');
    const tMem = await memoryDuringUpload(fresh, 1024 * MiB);
    await stop(fresh.child);
    await seedKeys(dataDir, 'bench-list', 100_000);
    const ours2 = await startOurs(dataDir);
    const l1 = await listLatency(ours2, 'bench-list', ['list-type=2&max-keys=1000']);
    const lMid = await listLatency(
      ours2,
      'bench-list',
      Array.from({ length: 50 }, (_, i) => `list-type=2&max-keys=1000&start-after=${encodeURIComponent(`dir-${String(i * 2).padStart(3, '0')}/`)}`),
    );
    const lDelim = await listLatency(ours2, 'bench-list', ['list-type=2&max-keys=1000&delimiter=%2F']);
    const lPrefix = await listLatency(ours2, 'bench-list', ['list-type=2&max-keys=1000&prefix=dir-042%2F']);
    await stop(ours2.child);
    const tVersions = await versionListing(work);

    let moto;
    try {
      const m = await startMoto();
      const mSmall = await smallObjects(m);
      const mBig = await bigObject(m, file, BIG);
      await stop(m.child);
      const m2 = await startMoto();
      await call(m2, 'PUT', '/bench-big');
      const mMem = await memoryDuringUpload(m2, 1024 * MiB);
      await stop(m2.child);
      Object.assign(m, await startMoto());
      // moto: 10,000 keys (100,000 PUTs would take minutes), listed the same way.
      await call(m, 'PUT', '/bench-list');
      const puts = [];
      for (let i = 0; i < 10_000; i++) {
        const p = `/bench-list/dir-${String(i % 100).padStart(3, '0')}/file-${String(i).padStart(7, '0')}.dat`;
        puts.push(call(m, 'PUT', p, Buffer.alloc(0), { 'content-length': '0' }));
        if (puts.length >= 16) await Promise.all(puts.splice(0));
      }
      await Promise.all(puts);
      const mList = await listLatency(m, 'bench-list', ['list-type=2&max-keys=1000']);
      moto = { mSmall, mBig, mMem, mList };
      await stop(m.child);
    } catch (e) {
      console.log(`moto could not be measured: ${e.message}`);
    }

    const row = (...c) => console.log(`| ${c.join(' | ')} |`);
    console.log('| what | Tessera | moto | Tessera / moto |');
    console.log('|---|---:|---:|---:|');
    const ratio = (a, b) => (b ? `${fmt(a / b, 1)}×` : '–');
    row('PUT 1 MiB, requests/s', fmt(tSmall.put.rps), moto ? fmt(moto.mSmall.put.rps) : '–', moto ? ratio(tSmall.put.rps, moto.mSmall.put.rps) : '–');
    row('GET 1 MiB, requests/s', fmt(tSmall.get.rps), moto ? fmt(moto.mSmall.get.rps) : '–', moto ? ratio(tSmall.get.rps, moto.mSmall.get.rps) : '–');
    row('PUT 1 MiB p50 / p99 ms', `${fmt(tSmall.put.p50, 1)} / ${fmt(tSmall.put.p99, 1)}`, moto ? `${fmt(moto.mSmall.put.p50, 1)} / ${fmt(moto.mSmall.put.p99, 1)}` : '–', '');
    row('GET 1 MiB p50 / p99 ms', `${fmt(tSmall.get.p50, 1)} / ${fmt(tSmall.get.p99, 1)}`, moto ? `${fmt(moto.mSmall.get.p50, 1)} / ${fmt(moto.mSmall.get.p99, 1)}` : '–', '');
    row('PUT 256 MiB, MB/s', fmt(tBig.putMBs), moto ? fmt(moto.mBig.putMBs) : '–', moto ? ratio(tBig.putMBs, moto.mBig.putMBs) : '–');
    row('GET 256 MiB, MB/s', fmt(tBig.getMBs), moto ? fmt(moto.mBig.getMBs) : '–', moto ? ratio(tBig.getMBs, moto.mBig.getMBs) : '–');
    row('1 GiB upload: server RSS idle → peak (MB)', `${fmt(tMem.idle / MiB)} → ${fmt(tMem.peak / MiB)}`, moto ? `${fmt(moto.mMem.idle / MiB)} → ${fmt(moto.mMem.peak / MiB)}` : '–', '');
    row('1 GiB upload: RSS growth (MB)', fmt(tMem.growth / MiB), moto ? fmt(moto.mMem.growth / MiB) : '–', '');
    row('ListObjectsV2 first 1,000-key page, p50 / p99 ms', `${fmt(l1.p50, 2)} / ${fmt(l1.p99, 2)} (100k keys)`, moto ? `${fmt(moto.mList.p50, 2)} / ${fmt(moto.mList.p99, 2)} (10k keys)` : '–', '');
    console.log();
    console.log(`errors: Tessera PUT ${tSmall.put.errors}, GET ${tSmall.get.errors}, lists ${l1.errors + lMid.errors + lDelim.errors + lPrefix.errors}`);
    console.log(`plain file copy of 256 MiB on the same disk: cp ${fmt(cpMBs)} MB/s, copy + fsync ${fmt(cpSyncMBs)} MB/s`);
    console.log(`256 MiB PUT / plain cp: ${fmt((tBig.putMBs / cpMBs) * 100, 1)}%; / copy+fsync: ${fmt((tBig.putMBs / cpSyncMBs) * 100, 1)}% (target ≥ 70%)`);
    console.log(`256 MiB PUT / one MD5 stream on this CPU (${fmt(md5MBs)} MB/s, the ETag's cost): ${fmt((tBig.putMBs / md5MBs) * 100, 1)}%`);
    console.log(`256 MiB GET / plain cp: ${fmt((tBig.getMBs / cpMBs) * 100, 1)}%`);
    console.log(`1 GiB upload at ${fmt(tMem.MBs)} MB/s: server RSS growth ${fmt(tMem.growth / MiB, 1)} MB (target < 100 MB)`);
    console.log(
      `ListObjectsV2 over 100,000 keys, 1,000-key pages: first p50 ${fmt(l1.p50, 2)} ms p99 ${fmt(l1.p99, 2)} ms (${l1.keys} keys); ` +
        `mid-bucket start-after p50 ${fmt(lMid.p50, 2)} p99 ${fmt(lMid.p99, 2)} ms; ` +
        `delimiter '/' (100 prefixes) p50 ${fmt(lDelim.p50, 2)} ms; prefix (1,000 keys) p50 ${fmt(lPrefix.p50, 2)} ms (target < 20 ms)`,
    );
    await sseComparison(work, file, BIG);
    console.log(versionLine(tVersions));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `node scripts/bench-s3.mjs lists`: the object listings' 1,000-key pages over 100,000 keys (ListObjectsV2
 * from the start, from 50 start-after keys, with a delimiter, with a prefix, with fetch-owner; ListObjects),
 * p50, p99 and the server's CPU per page, medians of 3 rounds. With TESSERA_BENCH_BASELINE=/path/to/a/built/
 * checkout the same pages of that checkout's server alternate with this one's, round by round.
 */
async function listsMain() {
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-s3l-'));
  const checkouts = { this: repoRoot };
  if (process.env.TESSERA_BENCH_BASELINE) checkouts.baseline = resolve(process.env.TESSERA_BENCH_BASELINE);
  const servers = {};
  try {
    const before = loadavg().map((x) => x.toFixed(2)).join(' ');
    for (const [name, checkout] of Object.entries(checkouts)) {
      const dir = join(work, name);
      const s = await startOurs(dir, {}, checkout);
      await call(s, 'PUT', '/bench-list');
      await stop(s.child);
      await seedKeys(dir, 'bench-list', 100_000);
      servers[name] = await startOurs(dir, {}, checkout);
    }
    const cases = {
      'ListObjectsV2 first page': ['list-type=2&max-keys=1000'],
      'ListObjectsV2 start-after': Array.from({ length: 50 }, (_, i) => `list-type=2&max-keys=1000&start-after=${encodeURIComponent(`dir-${String(i * 2).padStart(3, '0')}/`)}`),
      "ListObjectsV2 delimiter '/'": ['list-type=2&max-keys=1000&delimiter=%2F'],
      'ListObjectsV2 prefix': ['list-type=2&max-keys=1000&prefix=dir-042%2F'],
      'ListObjectsV2 fetch-owner': ['list-type=2&max-keys=1000&fetch-owner=true'],
      'ListObjects first page': ['max-keys=1000'],
    };
    const results = {};
    for (let round = 0; round < 3; round++) {
      for (const [what, requests] of Object.entries(cases)) {
        const names = Object.keys(servers);
        for (const name of round % 2 ? names.reverse() : names) (results[`${what}, ${name}`] ??= []).push(await listLatency(servers[name], 'bench-list', requests));
      }
    }
    const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    for (const [k, rs] of Object.entries(results)) {
      console.log(`${k}: p50 ${fmt(median(rs.map((r) => r.p50)), 2)} ms, p99 ${fmt(median(rs.map((r) => r.p99)), 2)} ms, server CPU ${fmt(median(rs.map((r) => r.cpu)), 2)} ms/page (rounds ${rs.map((r) => fmt(r.cpu, 2)).join(', ')})`);
    }
    console.log(`load average (1, 5, 15 min) before: ${before}; after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    for (const s of Object.values(servers)) await stop(s.child);
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'load') await loadMain(JSON.parse(process.argv[3]));
else if (process.argv[2] === 'lists') await listsMain();
else if (process.argv[2] === 'versions') {
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-s3v-'));
  try {
    const before = loadavg().map((x) => x.toFixed(2)).join(' ');
    console.log(versionLine(await versionListing(work)));
    console.log(`load average (1, 5, 15 min) before: ${before}; after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
} else if (process.argv[2] === 'sse') await sseMain();
else await main();
void statSync;
