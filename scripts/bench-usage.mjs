#!/usr/bin/env node
// Last-use recording (issue 13): what it adds to a signed request.
//  1. The request-path part in isolation: `record()` (what the pipeline calls once per authenticated
//     request: map writes only), ns per call over 1,000 principals × 3 services.
//  2. The off-path part: one flush of 10,000 pending uses into SQLite (a file, synchronous=FULL).
// The signed request end to end, against a checkout without recording, is the `baseline` section's
// (TESSERA_BENCH_BASELINE=/path/to/that/checkout npm run bench -- baseline): every signed call it makes is
// recorded here.
// Needs `npx tsc -p .` first.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fmt, repoRoot } from './bench/lib.mjs';

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
