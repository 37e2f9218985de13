#!/usr/bin/env node
// The audit trail on PostgreSQL: what recording costs the event loop, and which part of it is building the
// records (rows.ts batchOf: CloudTrail record JSON and LookupEvents' columns) against writing them (the
// driver's query text, parameters and answers). On PostgreSQL both run on the event loop; on SQLite on disk a
// writer thread does both. Decides whether moving the record building to a thread is worth it.
//  A. In process, one store on a fresh PostgreSQL database: batches of 1,000 calls (the recorder's chunk),
//     STS GetCallerIdentity and S3 GetObject (a data event), built then written; main-thread CPU from /proc,
//     per record, rounds alternating build and write.
//  B. Two servers on fresh PostgreSQL databases, --audit off and on, side by side: signed GetCallerIdentity
//     with wrk, rounds interleaved; each server's main-thread CPU per request. With
//     TESSERA_BENCH_BEFORE=<another checkout, built>, a third server, audited, run from that checkout (to compare
//     two builds in one run).
// TESSERA_BENCH_PG (default postgres://postgres@127.0.0.1:5432). Needs `npx tsc -p . && node scripts/bundle.mjs`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import pg from 'pg';
import { fmt, freePort, repoRoot, signForm, startTessera, stop, waitFor, wrk } from './bench/lib.mjs';

const BASE = process.env.TESSERA_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const SECONDS = Number(process.env.TESSERA_BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.TESSERA_BENCH_ROUNDS ?? 3);
const dist = (p) => pathToFileURL(join(repoRoot, 'dist', 'src', p)).href;

function cpuSeconds(pid, mainThreadOnly = false) {
  const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

const created = [];
async function database() {
  const name = `tessera_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: `${BASE}/postgres` });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  created.push(name);
  return `${BASE}/${name}`;
}
async function dropAll() {
  const c = new pg.Client({ connectionString: `${BASE}/postgres` });
  await c.connect();
  for (const n of created) await c.query(`DROP DATABASE IF EXISTS ${n} WITH (FORCE)`);
  await c.end();
}

/** A server run from another checkout's build (its bin/tessera.js), as startTessera starts one. */
function startFrom(root, port, args, env) {
  const creds = { accessKeyId: 'AKIABENCHBEFORE00001', secretAccessKey: 'bench-before-secret-00000000000000000000' };
  const child = spawn(process.execPath, [join(root, 'bin/tessera.js'), 'serve', '--port', String(port), '--console-port', 'off', '--log', 'off',
    '--root-access-key-id', creds.accessKeyId, '--root-secret-access-key', creds.secretAccessKey, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return { child, root: creds, url: `http://127.0.0.1:${port}` };
}

console.log(`load average at start: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
try {
  // A.
  {
    const { openStore } = await import(dist('store/open.js'));
    const { batchOf } = await import(dist('services/cloudtrail/rows.js'));
    const store = await openStore({ databaseUrl: await database(), cacheTtlMs: 0 });
    try {
      const caller = { type: 'user', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:user/u', userId: 'AIDA00000000000000001', userName: 'u', accessKeyId: 'AKIA0000000000000001' };
      const kinds = {
        sts: (i) => ({ service: 'sts', name: 'GetCallerIdentity', caller, region: 'us-east-1', at: Date.now(), requestId: `r${i}`, sourceIp: '127.0.0.1', userAgent: 'bench', host: 'localhost', input: {}, output: { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn } }),
        s3: (i) => ({ service: 's3', name: 'GetObject', caller, region: 'us-east-1', at: Date.now(), requestId: `g${i}`, sourceIp: '127.0.0.1', userAgent: 'bench', host: 'localhost', input: { bucket: 'bench-bucket', key: `k/${i}` }, output: {} }),
      };
      const CHUNK = 1000;
      const N = 10_000;
      const fail = (e) => { throw e; };
      const me = process.pid;
      for (const [kind, make] of Object.entries(kinds)) {
        const t = { build: 0, write: 0, n: 0, buildMs: 0, writeMs: 0 };
        for (let round = -1; round < ROUNDS; round++) {
          const entries = Array.from({ length: N }, (_, i) => make(round * N + i));
          let c0 = cpuSeconds(me, true);
          let w0 = performance.now();
          const batches = [];
          for (let i = 0; i < N; i += CHUNK) batches.push(batchOf(entries.slice(i, i + CHUNK), new Map(), fail));
          t.build += cpuSeconds(me, true) - c0;
          t.buildMs += performance.now() - w0;
          c0 = cpuSeconds(me, true);
          w0 = performance.now();
          await Promise.all(batches.map((b) => store.transaction((repos) => repos.audit.append(b))));
          t.write += cpuSeconds(me, true) - c0;
          t.writeMs += performance.now() - w0;
          t.n += N;
          if (round === -1) Object.assign(t, { build: 0, write: 0, n: 0, buildMs: 0, writeMs: 0 }); // warm-up, not counted
        }
        // The writer the recorder uses (writer.ts): where it is a thread, what the event loop keeps is copying
        // the calls to it; the process's CPU includes the thread's.
        const { auditWriter } = await import(dist('services/cloudtrail/writer.js'));
        const writer = auditWriter(store, { error: (_id, e) => { throw e; } });
        const u = { main: 0, all: 0, n: 0 };
        for (let round = -1; round < ROUNDS; round++) {
          const entries = Array.from({ length: N }, (_, i) => make((ROUNDS + 1 + round) * N + i));
          const m0 = cpuSeconds(me, true);
          const a0 = cpuSeconds(me);
          const written = [];
          for (let i = 0; i < N; i += CHUNK) written.push(writer.write(entries.slice(i, i + CHUNK), new Map()));
          await Promise.all(written);
          u.main += cpuSeconds(me, true) - m0;
          u.all += cpuSeconds(me) - a0;
          u.n += N;
          if (round === -1) Object.assign(u, { main: 0, all: 0, n: 0 });
        }
        await writer.close();
        const us = (s) => fmt((s * 1e6) / t.n, 1);
        console.log(`  A. ${kind}: through the recorder's writer (a thread of its own on PostgreSQL): ${fmt((u.main * 1e6) / u.n, 1)} µs of event-loop CPU per record, ${fmt((u.all * 1e6) / u.n, 1)} µs in all`);
        console.log(`  A. ${kind}: ${fmt(t.n)} records in batches of ${CHUNK}; event-loop CPU per record: building ${us(t.build)} µs, writing to PostgreSQL ${us(t.write)} µs (wall ${fmt((t.buildMs * 1000) / t.n, 1)} / ${fmt((t.writeMs * 1000) / t.n, 1)} µs)`);
      }
    } finally {
      await store.close();
    }
  }
  // B. (TESSERA_BENCH_PART=A: part A only)
  if (process.env.TESSERA_BENCH_PART !== 'A') {
    const servers = {};
    const dirs = [];
    const BEFORE = process.env.TESSERA_BENCH_BEFORE;
    const names = BEFORE ? ['off', 'on', 'before'] : ['off', 'on'];
    for (const name of names) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-audit-pg-'));
      dirs.push(dir);
      const args = ['--data', dir, '--database', await database(), '--audit', name === 'off' ? 'off' : 'on'];
      const env = { TESSERA_MASTER_KEY: randomBytes(32).toString('hex') };
      const s = name === 'before' ? startFrom(BEFORE, port, args, env) : startTessera(port, args, env);
      await waitFor(async () => (await fetch(`${s.url}/_health`)).ok);
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      servers[name] = { s, body, headers: await signForm(s.url, 'sts', body, s.root), cpu: { all: 0, main: 0, n: 0 }, best: 0 };
    }
    try {
      for (let round = 0; round < ROUNDS; round++) {
        for (const name of names) {
          const x = servers[name];
          const pid = x.s.child.pid;
          const a0 = cpuSeconds(pid);
          const m0 = cpuSeconds(pid, true);
          const out = wrk(x.s.url, { headers: x.headers, body: x.body, seconds: SECONDS });
          await new Promise((r) => setTimeout(r, 1500)); // the recorder's last flush of the run (every second)
          x.cpu.all += cpuSeconds(pid) - a0;
          x.cpu.main += cpuSeconds(pid, true) - m0;
          x.cpu.n += Math.round(out.rps * SECONDS);
          x.best = Math.max(x.best, out.rps);
          if (out.non2xx) throw new Error(`non-2xx: ${out.non2xx}`);
        }
      }
      const per = (c) => `${fmt((c.main * 1e6) / c.n, 0)} µs main thread (${fmt((c.all * 1e6) / c.n, 0)} µs process)`;
      console.log(`  B. signed GetCallerIdentity on PostgreSQL: audit off ${fmt(servers.off.best)} req/s, ${per(servers.off.cpu)}; on ${fmt(servers.on.best)} req/s, ${per(servers.on.cpu)} per request`);
      if (BEFORE) console.log(`     audited, built from ${BEFORE}: ${fmt(servers.before.best)} req/s, ${per(servers.before.cpu)} per request`);
    } finally {
      for (const x of Object.values(servers)) await stop(x.s.child);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }
} finally {
  await dropAll();
  console.log(`load average at end: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
}
