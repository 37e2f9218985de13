#!/usr/bin/env node
// The audit trail (issue 17): what recording costs, and LookupEvents at scale.
//  1. Signed STS (GetCallerIdentity) and S3 1 KiB GET rates, two servers side by side in one run, auditing off
//     (--audit off) and on, each on SQLite on disk; wrk, 64 keep-alive connections, one pre-signed request
//     replayed; rounds interleaved (off, on, off, on) and the best round of each kept. Target: on ≥ 90% of off.
//     Beside the rates, each server's CPU per request over all its rounds (/proc: the process, and its main
//     thread alone; the `on` server's STS rounds include writing their records). The `on` server has a logging
//     trail selecting the benchmark bucket's S3 data events, so its GETs are recorded too (as on AWS, only then).
//  2. LookupEvents over 1,000,000 records of one account (written straight through the store's audit
//     repository: one row each, as the recorder writes them), then signed LookupEvents calls against a
//     server on that store: p50/p99 per filter (none, EventName, Username, ResourceName, AccessKeyId, a
//     deep page by NextToken). Target: p99 < 50 ms.
// Needs `npx tsc -p . && node scripts/bundle.mjs` first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { fmt, freePort, repoRoot, signForm, signRequest, startTessera, stop, waitFor, wrk } from './bench/lib.mjs';

const SECONDS = Number(process.env.TESSERA_BENCH_SECONDS ?? 6);
const RECORDS = Number(process.env.TESSERA_BENCH_AUDIT_RECORDS ?? 1_000_000);
const dist = (p) => pathToFileURL(join(repoRoot, 'dist', 'src', p)).href;

/** CPU seconds (user + system) of a process, or of its main thread alone (its event loop), from /proc. */
const TICK = 100;
function cpuSeconds(pid, mainThreadOnly = false) {
  const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / TICK;
}
const cpuOf = (pid) => ({ all: cpuSeconds(pid), main: cpuSeconds(pid, true) });

async function server(audit, dataDir) {
  const port = await freePort();
  const s = startTessera(port, ['--data', dataDir, '--audit', audit]);
  await waitFor(async () => (await fetch(`${s.url}/_health`)).ok);
  return s;
}

async function jsonCall(url, target, body, creds) {
  const u = new URL(url);
  const { SignatureV4 } = await import('@smithy/signature-v4');
  const { Sha256 } = await import('@aws-crypto/sha256-js');
  const text = JSON.stringify(body);
  const signed = await new SignatureV4({ service: 'cloudtrail', region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
    headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.${target}` }, body: text,
  });
  const t0 = performance.now();
  // A keep-alive connection the server closed while idle (during a wrk run) is retried once, untimed.
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body: text }).catch(() => null) ?? (await fetch(url, { method: 'POST', headers: signed.headers, body: text }));
  const out = await res.json();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${target}: ${res.status} ${JSON.stringify(out)}`);
  return { out, ms };
}

// TESSERA_BENCH_AUDIT_LOOKUP_ONLY=1: only part 2.
const LOOKUP_ONLY = process.env.TESSERA_BENCH_AUDIT_LOOKUP_ONLY === '1';

// 0. The parts in isolation: record() on the request path, and one flush off it (building the records and
//    writing them with their lookup rows into SQLite on disk): the flush's records per second against a
//    server's request rate is the share of one core recording takes.
if (!LOOKUP_ONLY) {
  const { auditRecorder } = await import(dist('services/cloudtrail/recorder.js'));
  const { openStore } = await import(dist('store/open.js'));
  const { KeyRing } = await import(dist('auth/keyring.js'));
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-audit-flush-'));
  const store = await openStore({ dataDir: dir, memory: false, cacheTtlMs: 0 });
  try {
    const keyring = await KeyRing.open(Buffer.alloc(32, 7), store);
    const r = auditRecorder({ store, keyring, logger: { error: (_id, e) => console.error(e) }, clock: { now: () => Date.now() }, config: { auditRetentionMs: 90 * 86_400_000 } });
    const N = 10_000;
    const caller = { type: 'user', accountId: '000000000000', arn: 'arn:aws:iam::000000000000:user/u', userId: 'AIDA00000000000000001', userName: 'u', accessKeyId: 'AKIA0000000000000001' };
    const entry = (i) => ({ service: 'sts', name: 'GetCallerIdentity', caller, region: 'us-east-1', at: Date.now(), requestId: `r${i}`, sourceIp: '127.0.0.1', userAgent: 'bench', host: 'localhost', input: {}, output: { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn } });
    const entries = Array.from({ length: N }, (_, i) => entry(i));
    const t0 = process.hrtime.bigint();
    for (const e of entries) r.record(e);
    const ns = Number(process.hrtime.bigint() - t0) / N;
    await r.flush(); // starts the writer thread
    for (const e of entries) r.record({ ...e, at: Date.now() });
    const c0 = cpuOf(process.pid);
    const t1 = performance.now();
    await r.flush();
    const ms = performance.now() - t1;
    const c1 = cpuOf(process.pid);
    await r.close();
    const us = (a, b) => fmt(((b - a) * 1e6) / N, 1);
    console.log(`  record() on the request path: ${fmt(ns, 0)} ns per call; one flush of ${fmt(N)} STS records into SQLite: ${fmt(ms, 0)} ms (${fmt(N / (ms / 1000))} records/s, off the request path); CPU per record: ${us(c0.main, c1.main)} µs on the event loop, ${us(c0.all, c1.all)} µs in all (writer thread included)`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A logging trail on server `s` that selects the S3 data events of `bucket` (so its GETs are recorded, as they
 * are on AWS only for such a trail), delivering to a bucket with AWS's documented CloudTrail bucket policy.
 */
async function selectDataEvents(s, bucket) {
  const logs = 'bench-trail-logs';
  const trailArn = `arn:aws:cloudtrail:us-east-1:${s.accountId ?? '000000000000'}:trail/bench`;
  const s3 = async (method, path, query, body = '') => {
    const headers = await signRequest(s.url, 's3', { method, path, query, body }, s.root);
    const res = await fetch(`${s.url}${path}${query ? `?${query}` : ''}`, { method, headers, ...(body ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${path}?${query ?? ''}: ${res.status} ${await res.text()}`);
  };
  await s3('PUT', `/${logs}`);
  const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
  await s3('PUT', `/${logs}`, 'policy', JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: cloudtrail, Action: 's3:GetBucketAcl', Resource: `arn:aws:s3:::${logs}`, Condition: { StringEquals: { 'aws:SourceArn': trailArn } } },
      { Effect: 'Allow', Principal: cloudtrail, Action: 's3:PutObject', Resource: `arn:aws:s3:::${logs}/AWSLogs/*`, Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } } },
    ],
  }));
  await jsonCall(s.url, 'CreateTrail', { Name: 'bench', S3BucketName: logs }, s.root);
  await jsonCall(s.url, 'PutEventSelectors', { TrailName: 'bench', EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: [`arn:aws:s3:::${bucket}/`] }] }] }, s.root);
  await jsonCall(s.url, 'StartLogging', { Name: 'bench' }, s.root);
}

// 1. Recording's cost on the signed request rate (the audited server's S3 GETs recorded as data events).
if (!LOOKUP_ONLY) {
  const dirs = [mkdtempSync(join(tmpdir(), 'tessera-bench-audit-off-')), mkdtempSync(join(tmpdir(), 'tessera-bench-audit-on-'))];
  const off = await server('off', dirs[0]);
  const on = await server('on', dirs[1]);
  try {
    const prepared = {};
    for (const [name, s] of [['off', off], ['on', on]]) {
      const body = 'Action=GetCallerIdentity&Version=2011-06-15';
      const sts = { headers: await signForm(s.url, 'sts', body, s.root), body };
      await fetch(`${s.url}/bench-bucket`, { method: 'PUT', headers: await signRequest(s.url, 's3', { method: 'PUT', path: '/bench-bucket' }, s.root) });
      const kib = 'x'.repeat(1024);
      const put = await fetch(`${s.url}/bench-bucket/k`, { method: 'PUT', headers: await signRequest(s.url, 's3', { method: 'PUT', path: '/bench-bucket/k', body: kib }, s.root), body: kib });
      if (put.status !== 200) throw new Error(`PutObject: ${put.status}`);
      const get = { headers: await signRequest(s.url, 's3', { method: 'GET', path: '/bench-bucket/k' }, s.root), method: 'GET' };
      prepared[name] = { sts, get };
    }
    await selectDataEvents(on, 'bench-bucket');
    const best = { off: { sts: 0, get: 0 }, on: { sts: 0, get: 0 } };
    // CPU per request of each server (its process; its main thread), over every round of each kind.
    const cpu = { off: { sts: { all: 0, main: 0, n: 0 }, get: { all: 0, main: 0, n: 0 } }, on: { sts: { all: 0, main: 0, n: 0 }, get: { all: 0, main: 0, n: 0 } } };
    const measured = async (name, kind, pid, run) => {
      const c0 = cpuOf(pid);
      const out = await run();
      const c1 = cpuOf(pid);
      const c = cpu[name][kind];
      c.all += c1.all - c0.all;
      c.main += c1.main - c0.main;
      c.n += Math.round(out.rps * SECONDS);
      return out;
    };
    for (let round = 0; round < Number(process.env.TESSERA_BENCH_ROUNDS ?? 3); round++) {
      for (const [name, s] of [['off', off], ['on', on]]) {
        const p = prepared[name];
        const a = await measured(name, 'sts', s.child.pid, async () => {
          const out = wrk(s.url, { headers: p.sts.headers, body: p.sts.body, seconds: SECONDS });
          // The run's backlog written (LookupEvents flushes first) before the GET run, and counted in its CPU.
          if (name === 'on') await jsonCall(s.url, 'LookupEvents', { MaxResults: 1 }, s.root);
          return out;
        });
        const b = await measured(name, 'get', s.child.pid, () => wrk(`${s.url}/bench-bucket/k`, { headers: p.get.headers, method: 'GET', seconds: SECONDS }));
        if (a.non2xx || b.non2xx) throw new Error(`non-2xx answers: sts ${a.non2xx}, get ${b.non2xx}`);
        best[name].sts = Math.max(best[name].sts, a.rps);
        best[name].get = Math.max(best[name].get, b.rps);
      }
    }
    const perRequest = (c) => `${fmt((c.all * 1e6) / c.n, 0)} µs (main thread ${fmt((c.main * 1e6) / c.n, 0)})`;
    console.log(`  signed STS GetCallerIdentity: audit off ${fmt(best.off.sts)} req/s, on ${fmt(best.on.sts)} req/s — on/off ${fmt((best.on.sts / best.off.sts) * 100, 1)}%; server CPU per request off ${perRequest(cpu.off.sts)}, on ${perRequest(cpu.on.sts)}`);
    console.log(`  signed S3 GET of 1 KiB (on: recorded, a trail selects its data events): audit off ${fmt(best.off.get)} req/s, on ${fmt(best.on.get)} req/s — on/off ${fmt((best.on.get / best.off.get) * 100, 1)}%; server CPU per request off ${perRequest(cpu.off.get)}, on ${perRequest(cpu.on.get)}`);
    // Every call of the "on" server was recorded: LookupEvents sees them (management events only: STS's).
    // It flushes first: how long the backlog the runs left takes to write is printed too.
    const { out, ms } = await jsonCall(on.url, 'LookupEvents', { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCallerIdentity' }], MaxResults: 1 }, on.root);
    if (out.Events.length !== 1) throw new Error('the audited server recorded nothing');
    console.log(`  the backlog left by the runs written (LookupEvents flushes first) in ${fmt(ms / 1000, 1)} s`);
  } finally {
    await stop(off.child);
    await stop(on.child);
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

// 2. LookupEvents over RECORDS records.
{
  const dir = mkdtempSync(join(tmpdir(), 'tessera-bench-audit-lookup-'));
  try {
    const { openStore } = await import(dist('store/open.js'));
    const { buildRecord } = await import(dist('services/cloudtrail/record.js'));
    const { auditRows } = await import(dist('services/cloudtrail/rows.js'));
    const store = await openStore({ dataDir: dir, memory: false, cacheTtlMs: 0 });
    const account = '000000000000';
    const names = ['GetUser', 'ListUsers', 'CreateUser', 'AssumeRole', 'GetCallerIdentity', 'PutUserPolicy', 'ListBuckets', 'CreateAccessKey'];
    const t0 = performance.now();
    const start = Date.now() - RECORDS * 1000;
    const BATCH = 5000;
    for (let i = 0; i < RECORDS; i += BATCH) {
      const events = [];
      const lookup = [];
      for (let j = i; j < Math.min(RECORDS, i + BATCH); j++) {
        const u = j % 500;
        const name = names[j % names.length];
        const r = buildRecord({
          service: name === 'AssumeRole' || name === 'GetCallerIdentity' ? 'sts' : name === 'ListBuckets' ? 's3' : 'iam',
          name,
          caller: { type: 'user', accountId: account, arn: `arn:aws:iam::${account}:user/u${u}`, userId: `AIDA${String(u).padStart(17, '0')}`, userName: `u${u}`, accessKeyId: `AKIA${String(u).padStart(16, '0')}` },
          region: 'us-east-1', at: start + j * 1000, requestId: randomUUID(), sourceIp: '10.0.0.1', userAgent: 'aws-cli/1.45',
          input: { UserName: `target${j % 2000}` },
        }, undefined);
        const { event, extra } = auditRows(r);
        events.push(event);
        lookup.push(...extra);
      }
      await store.transaction((repos) => repos.audit.append({ events, lookup }));
    }
    console.log(`  wrote ${fmt(RECORDS)} records in ${fmt((performance.now() - t0) / 1000, 1)} s`);
    await store.close();
    const s = await server('on', dir);
    try {
      const q = {
        'no filter': {},
        EventName: { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateUser' }] },
        Username: { LookupAttributes: [{ AttributeKey: 'Username', AttributeValue: 'u42' }] },
        ResourceName: { LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'target7' }] },
        AccessKeyId: { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: `AKIA${String(42).padStart(16, '0')}` }] },
        'EventName, a day': { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetUser' }], StartTime: (start + RECORDS * 500_000) / 1000 - 86_400, EndTime: (start + RECORDS * 500_000) / 1000 },
      };
      for (const [label, body] of Object.entries(q)) {
        const times = [];
        for (let k = 0; k < 5; k++) await jsonCall(s.url, 'LookupEvents', { ...body, MaxResults: 50 }, s.root);
        for (let k = 0; k < 100; k++) times.push((await jsonCall(s.url, 'LookupEvents', { ...body, MaxResults: 50 }, s.root)).ms);
        times.sort((a, b) => a - b);
        console.log(`  LookupEvents (${label}, 50 a page): p50 ${fmt(times[49], 1)} ms, p99 ${fmt(times[98], 1)} ms`);
      }
      // Paging: 20 pages deep by NextToken.
      const times = [];
      let token;
      for (let k = 0; k < 100; k++) {
        const r = await jsonCall(s.url, 'LookupEvents', { LookupAttributes: [{ AttributeKey: 'ReadOnly', AttributeValue: 'true' }], MaxResults: 50, ...(token ? { NextToken: token } : {}) }, s.root);
        times.push(r.ms);
        token = r.out.NextToken;
      }
      times.sort((a, b) => a - b);
      console.log(`  LookupEvents (ReadOnly, 100 pages in a row by NextToken): p50 ${fmt(times[49], 1)} ms, p99 ${fmt(times[98], 1)} ms`);
    } finally {
      await stop(s.child);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
