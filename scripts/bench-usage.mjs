#!/usr/bin/env node
// Last-use recording (issue 13): what it adds to a signed request.
//  1. The request-path part in isolation: `record()` (what the pipeline calls once per authenticated
//     request: map writes only), ns per call over 1,000 principals × 3 services.
//  2. The off-path part: one flush of 10,000 pending uses into SQLite (a file, synchronous=FULL).
//  3. A signed request end to end with wrk (GetCallerIdentity and iam:ListUsers with an IAM user's key,
//     64 connections): Tessera as built here, and — when BENCH_BASELINE names another checkout's
//     bin/tessera.js built without recording — that one side by side on the same machine.
// Needs `npx tsc -p .` first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, freePort, repoRoot, signForm, startTessera, stop, waitFor, wrk } from './bench/lib.mjs';

const dist = (p) => pathToFileURL(join(repoRoot, 'dist', 'src', p)).href;
const { usageRecorder } = await import(dist('services/iam/usage/recorder.js'));
const { openStore } = await import(dist('store/open.js'));

// 1. record(): the request path's share.
{
  const discard = { transaction: async (fn) => fn({ usage: { recordBatch: async () => undefined } }) };
  const r = usageRecorder({ store: discard, logger: { error: () => undefined } });
  const callers = Array.from({ length: 1000 }, (_, i) => ({
    type: 'user', accountId: '123456789012', arn: `arn:aws:iam::123456789012:user/u${i}`, userId: `AIDA${String(i).padStart(17, '0')}`, accessKeyId: `AKIA${String(i).padStart(16, '0')}`,
  }));
  const actions = ['s3:GetObject', 'iam:ListUsers', 'sts:GetCallerIdentity'];
  const N = 2_000_000;
  for (let i = 0; i < 200_000; i++) r.record(callers[i % 1000], actions[i % 3], 'us-east-1', i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) r.record(callers[i % 1000], actions[i % 3], 'us-east-1', i);
  const ns = Number(process.hrtime.bigint() - t0) / N;
  await r.close();
  console.log(`  record() on the request path: ${fmt(ns, 1)} ns per request (1,000 principals × 3 services, no I/O)`);
}

// 2. One flush, off the request path.
{
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-usage-'));
  const store = await openStore({ dataDir: dir, memory: false, cacheTtlMs: 0 });
  try {
    const r = usageRecorder({ store, logger: { error: (_id, e) => console.error(e) } });
    for (let i = 0; i < 10_000; i++) {
      r.record({ type: 'user', accountId: '123456789012', arn: 'x', userId: `AIDA${String(i).padStart(17, '0')}`, accessKeyId: `AKIA${String(i).padStart(16, '0')}` }, 'iam:ListUsers', 'us-east-1', i);
    }
    const t0 = performance.now();
    await r.close();
    console.log(`  one flush of 10,000 principals' uses (keys, service and action rows) into SQLite: ${fmt(performance.now() - t0, 0)} ms, off the request path`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

// 3. Signed requests end to end.
if (spawnSync('wrk', ['--version']).error) {
  console.log('  (wrk not installed: the signed request end to end is not measured)');
} else {
  const enc = encodeURIComponent;
  const form = (o) => Object.entries(o).map(([k, v]) => `${k}=${enc(v)}`).join('&');
  async function call(url, creds, params) {
    const body = form({ ...params, Version: '2010-05-08' });
    const res = await fetch(url, { method: 'POST', headers: await signForm(url, 'iam', body, creds), body });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${params.Action}: ${res.status} ${text.slice(0, 200)}`);
    return text;
  }
  /** Another checkout's bin/tessera.js, started as lib.mjs starts this one. */
  function startBin(bin, port, dir) {
    const root = { accessKeyId: 'AKIABENCHROOT0000001', secretAccessKey: 'bench-root-secret-0000000000000000000000' };
    const child = spawn(process.execPath, [bin, 'serve', '--port', String(port), '--console-port', 'off', '--log', 'off', '--data', dir,
      '--root-access-key-id', root.accessKeyId, '--root-secret-access-key', root.secretAccessKey], { stdio: ['ignore', 'ignore', 'inherit'] });
    return { child, root, url: `http://127.0.0.1:${port}` };
  }
  async function measure(label, bin) {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-usage-'));
    const t = bin ? startBin(bin, port, dir) : startTessera(port, ['--data', dir]);
    try {
      await waitFor(async () => (await fetch(`${t.url}/_health`)).ok);
      await call(t.url, t.root, { Action: 'CreateUser', UserName: 'bench-usage' });
      await call(t.url, t.root, { Action: 'PutUserPolicy', UserName: 'bench-usage', PolicyName: 'p', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] }) });
      const xml = await call(t.url, t.root, { Action: 'CreateAccessKey', UserName: 'bench-usage' });
      const creds = { accessKeyId: /<AccessKeyId>([^<]*)</.exec(xml)[1], secretAccessKey: /<SecretAccessKey>([^<]*)</.exec(xml)[1] };
      for (const [name, service, body] of [['GetCallerIdentity', 'sts', form({ Action: 'GetCallerIdentity', Version: '2011-06-15' })], ['ListUsers', 'iam', form({ Action: 'ListUsers', Version: '2010-05-08', MaxItems: '1' })]]) {
        const headers = await signForm(t.url, service, body, creds);
        wrk(t.url, { headers, body, seconds: 2 });
        const r = wrk(t.url, { headers, body, seconds: 6 });
        console.log(`  ${label}: ${name} with an IAM user's key (wrk 64 conns): ${fmt(r.rps)} req/s, p50 ${fmt(r.p50ms, 2)} ms, p99 ${fmt(r.p99ms, 2)} ms, non-2xx ${r.non2xx}`);
      }
    } finally {
      await stop(t.child);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const baseline = process.env.BENCH_BASELINE;
  if (baseline && existsSync(baseline)) await measure(`baseline (${baseline})`, baseline);
  await measure('with last-use recording', undefined);
  if (baseline && existsSync(baseline)) await measure(`baseline again (${baseline})`, baseline);
}
