#!/usr/bin/env node
// IAM benchmark (issue 3): 10,000 users and 10,000 roles created, listed page by page (MaxItems 100) and
// deleted over HTTP with SigV4-signed requests (32 in flight), on SQLite (a file in a temporary data
// directory, synchronous=FULL) and on PostgreSQL (a fresh database tessera_bench_<pid>, dropped afterwards).
// Prints creates/s, list-page latency (p50/p99) and deletes/s; then the request-path cost of an IAM user's
// key (GetCallerIdentity signed with it, wrk, cache hits) when wrk is installed.
// Needs `npx tsc -p .` first. Env: BENCH_N (default 10000), BENCH_PG (default postgres://postgres@127.0.0.1:5432/test).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, freePort, signForm, startTessera, stop, waitFor, wrk } from './bench/lib.mjs';

const N = Number(process.env.BENCH_N ?? 10000);
const PG = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const CONCURRENCY = 32;
const enc = encodeURIComponent;
const form = (o) => Object.entries(o).map(([k, v]) => `${k}=${enc(v)}`).join('&');

async function call(url, creds, params, service = 'iam') {
  const body = form({ ...params, Version: service === 'iam' ? '2010-05-08' : '2011-06-15' });
  const res = await fetch(url, { method: 'POST', headers: await signForm(url, service, body, creds), body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${params.Action}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

async function pool(n, fn) {
  let next = 0;
  const workers = Array.from({ length: CONCURRENCY }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      await fn(i);
    }
  });
  await Promise.all(workers);
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

async function family(url, root, kind) {
  const create = kind === 'user' ? (i) => ({ Action: 'CreateUser', UserName: `user-${String(i).padStart(6, '0')}` })
    : (i) => ({ Action: 'CreateRole', RoleName: `role-${String(i).padStart(6, '0')}`, AssumeRolePolicyDocument: TRUST });
  const del = kind === 'user' ? (i) => ({ Action: 'DeleteUser', UserName: `user-${String(i).padStart(6, '0')}` })
    : (i) => ({ Action: 'DeleteRole', RoleName: `role-${String(i).padStart(6, '0')}` });
  const list = kind === 'user' ? 'ListUsers' : 'ListRoles';
  let t0 = performance.now();
  await pool(N, (i) => call(url, root, create(i)));
  const createSec = (performance.now() - t0) / 1000;
  const pageMs = [];
  let marker;
  let seen = 0;
  t0 = performance.now();
  do {
    const p0 = performance.now();
    const xml = await call(url, root, { Action: list, MaxItems: '100', ...(marker ? { Marker: marker } : {}) });
    pageMs.push(performance.now() - p0);
    seen += (xml.match(kind === 'user' ? /<UserName>/g : /<RoleName>/g) ?? []).length;
    marker = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? /<Marker>([^<]*)<\/Marker>/.exec(xml)[1] : undefined;
  } while (marker);
  const listSec = (performance.now() - t0) / 1000;
  if (seen !== N) throw new Error(`listed ${seen} ${kind}s, expected ${N}`);
  t0 = performance.now();
  await pool(N, (i) => call(url, root, del(i)));
  const deleteSec = (performance.now() - t0) / 1000;
  console.log(
    `  ${kind}s: create ${fmt(N / createSec)}/s | list ${pageMs.length} pages of 100 in ${fmt(listSec, 2)} s, page p50 ${fmt(pct(pageMs, 50), 2)} ms p99 ${fmt(pct(pageMs, 99), 2)} ms | delete ${fmt(N / deleteSec)}/s`,
  );
}

async function userKeyPath(url, root) {
  if (spawnSync('wrk', ['--version']).error) return console.log('  (wrk not installed: user-key request path not measured)');
  await call(url, root, { Action: 'CreateUser', UserName: 'bench-key-user' });
  const xml = await call(url, root, { Action: 'CreateAccessKey', UserName: 'bench-key-user' });
  const creds = { accessKeyId: /<AccessKeyId>([^<]*)</.exec(xml)[1], secretAccessKey: /<SecretAccessKey>([^<]*)</.exec(xml)[1] };
  const body = form({ Action: 'GetCallerIdentity', Version: '2011-06-15' });
  const headers = await signForm(url, 'sts', body, creds);
  const r = wrk(url, { headers, body, seconds: 4 });
  console.log(`  IAM user's key on the request path (GetCallerIdentity, wrk 64 conns): ${fmt(r.rps)} req/s, p50 ${fmt(r.p50ms, 2)} ms, p99 ${fmt(r.p99ms, 2)} ms, non-2xx ${r.non2xx}`);
}

async function run(label, args) {
  const port = await freePort();
  const t = startTessera(port, args);
  try {
    await waitFor(async () => (await fetch(`${t.url}/_health`)).ok);
    console.log(`${label} (N = ${fmt(N)}, ${CONCURRENCY} in flight)`);
    await family(t.url, t.root, 'user');
    await family(t.url, t.root, 'role');
    await userKeyPath(t.url, t.root);
  } finally {
    await stop(t.child);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-iam-'));
try {
  await run('SQLite (file, WAL, synchronous=FULL)', ['--data', dir]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const dbName = `tessera_bench_${process.pid}`;
const admin = (sql) => spawnSync('psql', [PG, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' });
const created = admin(`create database ${dbName}`);
if (created.status !== 0) {
  console.log(`PostgreSQL: skipped (${(created.stderr || 'psql failed').trim()})`);
} else {
  try {
    const u = new URL(PG);
    u.pathname = `/${dbName}`;
    await run(`PostgreSQL (${u.host}, database ${dbName})`, ['--database', u.toString()]);
  } finally {
    admin(`drop database if exists ${dbName} with (force)`);
  }
}
