// This checkout against a baseline checkout of our own, side by side in one run: signed STS
// GetCallerIdentity and a signed S3 GetObject of a 1 KiB object (64 keep-alive connections, wrk), alternating
// 4-second runs so that both servers see the same machine noise; prints each run, the medians and their ratios,
// and each server's CPU per request over each run (utime+stime of its process from /proc/<pid>/stat, Linux):
// on a shared machine req/s moves with other people's load, CPU per request much less.
//   TESSERA_BENCH_BASELINE=/path/to/other/checkout npm run bench -- baseline
// The baseline checkout must be built (npm ci, or npx tsc -p tsconfig.json && node scripts/bundle.mjs).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fmt, freePort, pinned, repoRoot, signForm, signRequest, stop, waitFor, wrk } from './lib.mjs';

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';
const ROUNDS = Number(process.env.TESSERA_BENCH_ROUNDS ?? 8);
const root = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: 'bench-root-secret-0000000000000000000000' };

async function start(dir) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Older checkouts have no console listener option: give it only where `serve --help` knows it.
  const help = await new Promise((r) => {
    const c = spawn(process.execPath, [join(dir, 'bin/tessera.js'), 'serve', '--help']);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', () => r(out));
  });
  const extra = help.includes('--console-port') ? ['--console-port', 'off'] : [];
  const child = spawn(...pinned([join(dir, 'bin/tessera.js'), 'serve', '--memory', '--port', String(port), '--log', 'off',
    '--root-access-key-id', root.accessKeyId, '--root-secret-access-key', root.secretAccessKey, ...extra]), { stdio: 'ignore' });
  await waitFor(async () => {
    const h = await signForm(url, 'sts', GCI, root);
    return (await fetch(url, { method: 'POST', headers: h, body: GCI })).status === 200;
  });
  return { child, url };
}

/** The process's CPU time so far in µs (utime+stime), or undefined where /proc is not there. */
function cpuMicros(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1e6) / 100;
  } catch {
    return undefined;
  }
}

/** One wrk run against server `s`: its req/s and the server's CPU µs per request over the run. */
function measured(s, url, opts) {
  const c0 = cpuMicros(s.child.pid);
  const r = wrk(url, opts);
  const c1 = cpuMicros(s.child.pid);
  return { rps: r.rps, cpu: c0 === undefined || c1 === undefined ? NaN : (c1 - c0) / (r.rps * opts.seconds) };
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A bucket with one 1 KiB object on the server; the signed GET that reads it. */
async function oneKibObject(s) {
  for (const [method, path, body] of [['PUT', '/bench-baseline', undefined], ['PUT', '/bench-baseline/one-kib', Buffer.alloc(1024, 97)]]) {
    const headers = await signRequest(s.url, 's3', { method, path, body }, root);
    const res = await fetch(`${s.url}${path}`, { method, headers, body });
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status}`);
  }
  return { url: `${s.url}/bench-baseline/one-kib`, headers: await signRequest(s.url, 's3', { method: 'GET', path: '/bench-baseline/one-kib' }, root) };
}

function table(title, base, cur) {
  console.log(`\n### ${title}\n`);
  console.log('| run | baseline req/s | this checkout req/s | baseline CPU µs/req | this checkout CPU µs/req |');
  console.log('|---:|---:|---:|---:|---:|');
  base.forEach((b, i) => console.log(`| ${i + 1} | ${fmt(b.rps)} | ${fmt(cur[i].rps)} | ${fmt(b.cpu, 1)} | ${fmt(cur[i].cpu, 1)} |`));
  const m = (a, k) => median(a.map((x) => x[k]));
  console.log(`| median | ${fmt(m(base, 'rps'))} | ${fmt(m(cur, 'rps'))} | ${fmt(m(base, 'cpu'), 1)} | ${fmt(m(cur, 'cpu'), 1)} |`);
  console.log(`\n${title}: this checkout / baseline ${(m(cur, 'rps') / m(base, 'rps')).toFixed(3)} (req/s), ${(m(cur, 'cpu') / m(base, 'cpu')).toFixed(3)} (CPU per request)`);
}

export async function run() {
  const baseDir = process.env.TESSERA_BENCH_BASELINE;
  console.log('\n## Baseline: signed STS GetCallerIdentity, this checkout vs a baseline checkout (alternating wrk runs, 4 s each)\n');
  if (!baseDir || !existsSync(join(baseDir, 'bin/tessera.js'))) {
    console.log('Set TESSERA_BENCH_BASELINE to a built checkout of another commit to compare (see the header of this file).');
    return;
  }
  console.log(`load average at the start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  const base = await start(resolve(baseDir));
  const cur = await start(repoRoot);
  const runs = { base: [], cur: [] };
  const gets = { base: [], cur: [] };
  try {
    const objects = { base: await oneKibObject(base), cur: await oneKibObject(cur) };
    // Not counted: a first run of each path (the compiler's warm-up would count as CPU per request).
    for (const [k, s] of [['base', base], ['cur', cur]]) {
      wrk(s.url, { headers: await signForm(s.url, 'sts', GCI, root), body: GCI, seconds: 2 });
      wrk(objects[k].url, { method: 'GET', headers: objects[k].headers, seconds: 2 });
    }
    for (let i = 0; i < ROUNDS; i++) {
      for (const [k, s] of [['base', base], ['cur', cur]]) {
        runs[k].push(measured(s, s.url, { headers: await signForm(s.url, 'sts', GCI, root), body: GCI, seconds: 4 }));
        gets[k].push(measured(s, objects[k].url, { method: 'GET', headers: objects[k].headers, seconds: 4 }));
      }
    }
  } finally {
    await stop(base.child);
    await stop(cur.child);
  }
  console.log(`baseline: ${resolve(baseDir)}`);
  table('STS GetCallerIdentity', runs.base, runs.cur);
  table('S3 GetObject, 1 KiB', gets.base, gets.cur);
  const m = (a, k) => median(a.map((x) => x[k]));
  console.log(`\nS3 GetObject / GetCallerIdentity (medians of req/s): baseline ${fmt((m(gets.base, 'rps') / m(runs.base, 'rps')) * 100, 1)}%, this checkout ${fmt((m(gets.cur, 'rps') / m(runs.cur, 'rps')) * 100, 1)}% (target ≥ 60%)`);
  console.log(`GetCallerIdentity's CPU per request / S3 GetObject's (medians): baseline ${fmt((m(runs.base, 'cpu') / m(gets.base, 'cpu')) * 100, 1)}%, this checkout ${fmt((m(runs.cur, 'cpu') / m(gets.cur, 'cpu')) * 100, 1)}%`);
  console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
