// Two Tessera nodes against one, side by side in one run: signed STS GetCallerIdentity and a signed S3
// GetObject of a 1 KiB object. Both set-ups run on one PostgreSQL database (TESSERA_BENCH_PG, default
// postgres://postgres@127.0.0.1:5432) and one object store (a Ceph bucket when TESSERA_CEPH_ENDPOINT and its
// keys are set, as scripts/ceph-up.sh prints them; otherwise one data directory both nodes share). The load is
// the same in both: two wrk processes of 32 connections each, both at node A (one node), or one at A and one
// at B (two nodes); alternating 4-second rounds (TESSERA_BENCH_ROUNDS, default 3); the medians' ratio is
// printed. On a machine with fewer cores than nodes + load generators, the ratio shows the overhead of a
// second process sharing the same cores, not scaling.
//   npm run bench -- nodes
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { fmt, freePort, signForm, signRequest, startTessera, stop, waitFor, wrkAsync } from './lib.mjs';

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';
const ROUNDS = Number(process.env.TESSERA_BENCH_ROUNDS ?? 3);
const PG = process.env.TESSERA_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function database() {
  const name = `tessera_bench_nodes_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: `${PG}/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: `${PG}/postgres` });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function objectStore(shared) {
  const e = process.env;
  if (e.TESSERA_CEPH_ENDPOINT && e.TESSERA_CEPH_ACCESS_KEY_ID && e.TESSERA_CEPH_SECRET_ACCESS_KEY) {
    const u = new URL(e.TESSERA_CEPH_ENDPOINT);
    return {
      what: `Ceph at ${u.host}`,
      args: ['--object-store', `s3://${u.host}/tessera-bench-nodes-${randomBytes(4).toString('hex')}`],
      env: { TESSERA_OBJECT_STORE_ACCESS_KEY_ID: e.TESSERA_CEPH_ACCESS_KEY_ID, TESSERA_OBJECT_STORE_SECRET_ACCESS_KEY: e.TESSERA_CEPH_SECRET_ACCESS_KEY },
    };
  }
  return { what: `one shared data directory (no TESSERA_CEPH_ENDPOINT)`, args: ['--data', shared], env: {} };
}

async function node(db, store, masterKey) {
  const port = await freePort();
  const n = startTessera(port, ['--database', db.url, ...store.args], { TESSERA_MASTER_KEY: masterKey, ...store.env });
  await waitFor(async () => {
    const h = await signForm(n.url, 'sts', GCI, n.root);
    return (await fetch(n.url, { method: 'POST', headers: h, body: GCI })).status === 200;
  });
  return n;
}

/** Each wrk process's request, signed for the node it loads. */
async function requests(n) {
  const path = '/bench-nodes/one-kib';
  return {
    sts: { headers: await signForm(n.url, 'sts', GCI, n.root), body: GCI, url: n.url },
    s3: { method: 'GET', headers: await signRequest(n.url, 's3', { method: 'GET', path }, n.root), url: `${n.url}${path}` },
  };
}

let socketErrors = 0;

async function load(targets, kind) {
  const runs = await Promise.all(targets.map((r) => wrkAsync(r[kind].url, { ...r[kind], connections: 32, seconds: 4 })));
  for (const r of runs) if (r.non2xx) throw new Error(`${kind}: ${r.non2xx} non-2xx answers`);
  // Socket errors (wrk's 2 s timeouts on a loaded machine) are counted, not hidden.
  socketErrors += runs.reduce((s, r) => s + r.errors, 0);
  return runs.reduce((s, r) => s + r.rps, 0);
}

export async function run() {
  const shared = mkdtempSync(join(tmpdir(), 'tessera-bench-nodes-'));
  const db = await database();
  const store = objectStore(shared);
  const masterKey = randomBytes(32).toString('hex');
  const nodes = [];
  try {
    nodes.push(await node(db, store, masterKey), await node(db, store, masterKey));
    const [a, b] = nodes;
    for (const [method, path, body] of [['PUT', '/bench-nodes', undefined], ['PUT', '/bench-nodes/one-kib', Buffer.alloc(1024, 97)]]) {
      const headers = await signRequest(a.url, 's3', { method, path, body }, a.root);
      const res = await fetch(`${a.url}${path}`, { method, headers, body });
      if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status}`);
    }
    const ra = await requests(a);
    const rb = await requests(b);
    const one = { sts: [], s3: [] };
    const two = { sts: [], s3: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const kind of ['sts', 's3']) {
        one[kind].push(await load([ra, ra], kind));
        two[kind].push(await load([ra, rb], kind));
      }
    }
    console.log(`\n## Two nodes vs one (one PostgreSQL database; object store: ${store.what}; ${cpus().length} cores; 2 × 32 wrk connections, ${ROUNDS} alternating rounds of 4 s)\n`);
    console.log('| measure | one node req/s (median) | two nodes req/s (median) | two / one |');
    console.log('|---|---:|---:|---:|');
    for (const [kind, title] of [['sts', 'signed STS GetCallerIdentity'], ['s3', 'signed S3 GetObject, 1 KiB']]) {
      const [m1, m2] = [median(one[kind]), median(two[kind])];
      console.log(`| ${title} | ${fmt(m1)} | ${fmt(m2)} | ${(m2 / m1).toFixed(2)} |`);
    }
    console.log(`\nwrk socket errors (timeouts) over the whole run: ${socketErrors}`);
    console.log(`Every round: one node ${JSON.stringify(one)}; two nodes ${JSON.stringify(two)}`);
    if (cpus().length <= 4) {
      console.log(`\nOn ${cpus().length} cores the two nodes and the two load generators share the same cores: this ratio shows what a second node costs (processes competing for the CPU, caches filled twice), not how Tessera scales. Scaling is measured with each node on cores (or machines) of its own.`);
    }
  } finally {
    for (const n of nodes) await stop(n.child);
    await db.drop();
    rmSync(shared, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
