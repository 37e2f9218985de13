// This checkout against a baseline checkout of our own, side by side in one run: signed STS
// GetCallerIdentity and a signed S3 GetObject of a 1 KiB object (64 keep-alive connections, wrk), alternating
// 4-second runs so that both servers see the same machine noise; prints each run, the medians and their ratios.
//   TESSERA_BENCH_BASELINE=/path/to/other/checkout npm run bench -- baseline
// The baseline checkout must be built (npm ci, or npx tsc -p tsconfig.json && node scripts/bundle.mjs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
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
  console.log('| run | baseline req/s | this checkout req/s |');
  console.log('|---:|---:|---:|');
  base.forEach((b, i) => console.log(`| ${i + 1} | ${fmt(b)} | ${fmt(cur[i])} |`));
  const [mb, mc] = [median(base), median(cur)];
  console.log(`| median | ${fmt(mb)} | ${fmt(mc)} |`);
  console.log(`\n${title}: this checkout / baseline ${(mc / mb).toFixed(3)}`);
}

export async function run() {
  const baseDir = process.env.TESSERA_BENCH_BASELINE;
  console.log('\n## Baseline: signed STS GetCallerIdentity, this checkout vs a baseline checkout (alternating wrk runs, 4 s each)\n');
  if (!baseDir || !existsSync(join(baseDir, 'bin/tessera.js'))) {
    console.log('Set TESSERA_BENCH_BASELINE to a built checkout of another commit to compare (see the header of this file).');
    return;
  }
  const base = await start(resolve(baseDir));
  const cur = await start(repoRoot);
  const runs = { base: [], cur: [] };
  const gets = { base: [], cur: [] };
  try {
    const objects = { base: await oneKibObject(base), cur: await oneKibObject(cur) };
    for (let i = 0; i < ROUNDS; i++) {
      for (const [k, s] of [['base', base], ['cur', cur]]) {
        runs[k].push(wrk(s.url, { headers: await signForm(s.url, 'sts', GCI, root), body: GCI, seconds: 4 }).rps);
        gets[k].push(wrk(objects[k].url, { method: 'GET', headers: objects[k].headers, seconds: 4 }).rps);
      }
    }
  } finally {
    await stop(base.child);
    await stop(cur.child);
  }
  console.log(`baseline: ${resolve(baseDir)}`);
  table('STS GetCallerIdentity', runs.base, runs.cur);
  table('S3 GetObject, 1 KiB', gets.base, gets.cur);
  console.log(`\nS3 GetObject / GetCallerIdentity (medians): baseline ${fmt((median(gets.base) / median(runs.base)) * 100, 1)}%, this checkout ${fmt((median(gets.cur) / median(runs.cur)) * 100, 1)}% (target ≥ 60%)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
