#!/usr/bin/env node
// STS benchmark (issue 5), Tessera side by side with moto (IAM auth enforced) in one run:
//  - AssumeRole calls per second (wrk, 64 keep-alive connections, one pre-signed request replayed: every
//    answer is a new credential) without MFA, and with MFA context (the caller's GetSessionToken session
//    carries MFA; a trust policy requiring aws:MultiFactorAuthPresent must pass). TOTP codes are single use
//    per device and 30-second step, so AssumeRole with SerialNumber+TokenCode cannot be replayed at rate:
//    its latency is measured one call per fresh device instead.
//  - the first signed request made with each issued credential (GetCallerIdentity, pre-signed, fired with
//    64 in flight), against the second request with the same credentials;
//  - the session-token check in-process (cached, and a cold open of a never-seen token).
// Needs `npx tsc -p .` first (npm run bench does it).
import { spawnSync } from 'node:child_process';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fmt, freePort, repoRoot, signForm, startTessera, stop, waitFor, wrk, startMotoWithAdmin } from './bench/lib.mjs';

const enc = encodeURIComponent;
const form = (o) => Object.entries(o).map(([k, v]) => `${k}=${enc(v)}`).join('&');
const pick = (xml, tag) => new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];

async function call(url, service, params, creds) {
  const body = form({ ...params, Version: service === 'iam' ? '2010-05-08' : '2011-06-15' });
  const res = await fetch(url, { method: 'POST', headers: await signWithToken(url, service, body, creds), body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${params.Action}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

async function signWithToken(url, service, body, creds) {
  const u = new URL(url);
  const signed = await new SignatureV4({ service, region: 'us-east-1', credentials: creds, sha256: Sha256 }).sign({
    method: 'POST', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/',
    headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body,
  });
  return signed.headers;
}

const credsFrom = (xml) => ({ accessKeyId: pick(xml, 'AccessKeyId'), secretAccessKey: pick(xml, 'SecretAccessKey'), sessionToken: pick(xml, 'SessionToken') });
const totp = (seed, offset) => spawnSync('oathtool', ['--totp', '-b', '-N', `now ${offset >= 0 ? '+' : ''}${offset} seconds`, seed], { encoding: 'utf8' }).stdout.trim();

/** Creates, through IAM's API, a user allowed to assume two roles (one requiring MFA) and its MFA device. */
async function setup(url, admin, account, withMfaDevice = true) {
  const name = `bench${randomBytes(3).toString('hex')}`;
  await call(url, 'iam', { Action: 'CreateUser', UserName: name }, admin);
  await call(url, 'iam', {
    Action: 'PutUserPolicy', UserName: name, PolicyName: 'assume',
    PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
  }, admin);
  const key = await call(url, 'iam', { Action: 'CreateAccessKey', UserName: name }, admin);
  const user = { accessKeyId: pick(key, 'AccessKeyId'), secretAccessKey: pick(key, 'SecretAccessKey') };
  const userArn = `arn:aws:iam::${account}:user/${name}`;
  const trust = (mfa) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: userArn }, Action: 'sts:AssumeRole', ...(mfa ? { Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } } : {}) }] });
  const role = pick(await call(url, 'iam', { Action: 'CreateRole', RoleName: `${name}-role`, AssumeRolePolicyDocument: trust(false) }, admin), 'Arn');
  const mfaRole = pick(await call(url, 'iam', { Action: 'CreateRole', RoleName: `${name}-mfa-role`, AssumeRolePolicyDocument: trust(true) }, admin), 'Arn');
  const readOnly = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
  for (const r of [`${name}-role`, `${name}-mfa-role`]) await call(url, 'iam', { Action: 'PutRolePolicy', RoleName: r, PolicyName: 'p', PolicyDocument: readOnly }, admin);
  let device;
  if (withMfaDevice) {
    const d = await call(url, 'iam', { Action: 'CreateVirtualMFADevice', VirtualMFADeviceName: `${name}-mfa` }, admin);
    const seed = Buffer.from(pick(d, 'Base32StringSeed'), 'base64').toString('utf8');
    const serial = pick(d, 'SerialNumber');
    await call(url, 'iam', { Action: 'EnableMFADevice', UserName: name, SerialNumber: serial, AuthenticationCode1: totp(seed, -30), AuthenticationCode2: totp(seed, 0) }, admin);
    device = { seed, serial };
  }
  return { name, user, role, mfaRole, device };
}

async function startMoto(port) {
  const m = await startMotoWithAdmin(port);
  return { child: m.child, url: m.url, admin: m.creds };
}

/** Issues `n` credentials with AssumeRole, 32 in flight. */
async function issueMany(url, user, roleArn, n) {
  const out = [];
  let i = 0;
  const body = form({ Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: 'first-use', Version: '2011-06-15' });
  const headers = await signForm(url, 'sts', body, user);
  await Promise.all(Array.from({ length: 32 }, async () => {
    while (i < n) {
      i++;
      const res = await fetch(url, { method: 'POST', headers, body });
      out.push(credsFrom(await res.text()));
    }
  }));
  return out;
}

/** Fires pre-signed GetCallerIdentity requests (one per credential), 64 in flight; requests per second. */
async function fire(url, signedList) {
  let i = 0;
  let bad = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 64 }, async () => {
    while (i < signedList.length) {
      const s = signedList[i++];
      const res = await fetch(url, { method: 'POST', headers: s.headers, body: s.body });
      await res.arrayBuffer();
      if (res.status !== 200) bad++;
    }
  }));
  return { rps: signedList.length / ((performance.now() - t0) / 1000), bad };
}

async function firstUse(url, user, roleArn, n) {
  const creds = await issueMany(url, user, roleArn, n);
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  const signed = [];
  for (const c of creds) signed.push({ headers: await signWithToken(url, 'sts', body, c), body });
  const first = await fire(url, signed);
  const second = await fire(url, signed);
  return { first, second };
}

async function mfaLatency(url, admin, account, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const s = await setup(url, admin, account, true);
    const t0 = performance.now();
    await call(url, 'sts', { Action: 'AssumeRole', RoleArn: s.mfaRole, RoleSessionName: 'mfa', SerialNumber: s.device.serial, TokenCode: totp(s.device.seed, 30) }, s.user);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function tokenCheckMicro() {
  const dist = join(repoRoot, 'dist/src');
  const { openStore } = await import(join(dist, 'store/open.js'));
  const { KeyRing } = await import(join(dist, 'auth/keyring.js'));
  const { TestClock } = await import(join(dist, 'core/clock.js'));
  const { createSessionResolver } = await import(join(dist, 'services/sts/resolver.js'));
  const { sealSession } = await import(join(dist, 'services/sts/session.js'));
  const store = await openStore({ memory: true });
  const ring = await KeyRing.open(randomBytes(32), store);
  const resolver = createSessionResolver(ring, new TestClock());
  const principal = { type: 'assumed-role', accountId: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/r/s', userId: 'AROAEXAMPLE:s', roleArn: 'arn:aws:iam::123456789012:role/r', roleName: 'r', roleId: 'AROAEXAMPLE', sessionName: 's' };
  const now = Date.now();
  const tokens = Array.from({ length: 20000 }, () => sealSession(ring, principal, { issuedBy: 'AssumeRole', issuedAt: now, expiresAt: now + 3600_000, mfaAuthTime: now, tags: { team: 'a' } }));
  let t0 = process.hrtime.bigint();
  for (const c of tokens) await resolver.resolve(c.AccessKeyId, c.SessionToken);
  const coldUs = Number(process.hrtime.bigint() - t0) / 1000 / tokens.length;
  const c = tokens[0];
  for (let i = 0; i < 20000; i++) resolver.resolveCached(c.AccessKeyId, c.SessionToken);
  const n = 500000;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) resolver.resolveCached(c.AccessKeyId, c.SessionToken);
  const hotUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
  t0 = process.hrtime.bigint();
  const m = 20000;
  for (let i = 0; i < m; i++) sealSession(ring, principal, { issuedBy: 'AssumeRole', issuedAt: now, expiresAt: now + 3600_000 });
  const sealUs = Number(process.hrtime.bigint() - t0) / 1000 / m;
  await store.close();
  return { coldUs, hotUs, sealUs, tokenChars: c.SessionToken.length };
}

export async function run() {
  console.log('\n## STS: AssumeRole and temporary credentials (Tessera vs moto with auth enforced)\n');
  const results = {};
  // Tessera
  const port = await freePort();
  const t = startTessera(port, ['--memory', '--account-id', '123456789012']);
  await waitFor(async () => (await fetch(`${t.url}/_health`)).ok);
  const s = await setup(t.url, t.root, '123456789012', true);
  const arBody = form({ Action: 'AssumeRole', RoleArn: s.role, RoleSessionName: 'bench', Version: '2011-06-15' });
  const arHeaders = await signForm(t.url, 'sts', arBody, s.user);
  wrk(t.url, { headers: arHeaders, body: arBody, seconds: 2 });
  results.tAssume = wrk(t.url, { headers: arHeaders, body: arBody });
  const gst = credsFrom(await call(t.url, 'sts', { Action: 'GetSessionToken', SerialNumber: s.device.serial, TokenCode: totp(s.device.seed, 30) }, s.user));
  const mfaBody = form({ Action: 'AssumeRole', RoleArn: s.mfaRole, RoleSessionName: 'bench', Version: '2011-06-15' });
  const mfaHeaders = await signWithToken(t.url, 'sts', mfaBody, gst);
  results.tAssumeMfa = wrk(t.url, { headers: mfaHeaders, body: mfaBody });
  results.tFirst = await firstUse(t.url, s.user, s.role, 5000);
  results.tMfaLatency = await mfaLatency(t.url, t.root, '123456789012', 5);
  await stop(t.child);

  // moto
  try {
    const m = await startMoto(await freePort());
    const ms = await setup(m.url, m.admin, '123456789012', false);
    const mb = form({ Action: 'AssumeRole', RoleArn: ms.role, RoleSessionName: 'bench', Version: '2011-06-15' });
    const mh = await signForm(m.url, 'sts', mb, ms.user);
    results.mAssume = wrk(m.url, { headers: mh, body: mb, seconds: 8 });
    // moto does not verify MFA codes: AssumeRole with SerialNumber+TokenCode is its "with MFA" figure.
    const mbm = form({ Action: 'AssumeRole', RoleArn: ms.mfaRole, RoleSessionName: 'bench', SerialNumber: 'arn:aws:iam::123456789012:mfa/x', TokenCode: '123456', Version: '2011-06-15' });
    const mhm = await signForm(m.url, 'sts', mbm, ms.user);
    results.mAssumeMfa = wrk(m.url, { headers: mhm, body: mbm, seconds: 8 });
    results.mFirst = await firstUse(m.url, ms.user, ms.role, 1000);
    await stop(m.child);
  } catch (e) {
    console.log(`moto could not be measured: ${e.message}`);
  }

  results.micro = await tokenCheckMicro();

  const r = results;
  console.log('| what | Tessera | moto | Tessera / moto |');
  console.log('|---|---:|---:|---:|');
  const row = (name, a, b, unit = '/s') => console.log(`| ${name} | ${fmt(a)}${unit} | ${b === undefined ? 'n/a' : fmt(b) + unit} | ${b ? fmt(a / b, 1) + '×' : 'n/a'} |`);
  row('AssumeRole, no MFA (wrk, 64 conns)', r.tAssume.rps, r.mAssume?.rps);
  row('AssumeRole, MFA (Tessera: MFA session + MFA trust; moto: codes unchecked)', r.tAssumeMfa.rps, r.mAssumeMfa?.rps);
  row('first signed request per issued credential', r.tFirst.first.rps, r.mFirst?.first.rps);
  row('second request with the same credential', r.tFirst.second.rps, r.mFirst?.second.rps);
  console.log();
  console.log(`AssumeRole p50/p99: Tessera ${fmt(r.tAssume.p50ms, 2)}/${fmt(r.tAssume.p99ms, 2)} ms${r.mAssume ? `, moto ${fmt(r.mAssume.p50ms, 2)}/${fmt(r.mAssume.p99ms, 2)} ms` : ''}; non-2xx Tessera ${r.tAssume.non2xx + r.tAssume.errors}, MFA ${r.tAssumeMfa.non2xx + r.tAssumeMfa.errors}`);
  console.log(`AssumeRole with SerialNumber+TokenCode (single-use codes; median of 5 fresh devices): ${fmt(r.tMfaLatency, 2)} ms`);
  console.log(`first-use / second-use (Tessera): ${fmt((r.tFirst.first.rps / r.tFirst.second.rps) * 100, 1)}%; failures ${r.tFirst.first.bad}/${r.tFirst.second.bad}`);
  console.log(`target: ≥ 5,000 AssumeRole/s — ${r.tAssume.rps >= 5000 ? 'met' : 'NOT met'} (${fmt(r.tAssume.rps)}/s)`);
  console.log(`session-token check in-process: cached ${fmt(r.micro.hotUs, 2)} µs (target < 10 µs), cold open+derive ${fmt(r.micro.coldUs, 2)} µs, seal ${fmt(r.micro.sealUs, 2)} µs; token ${r.micro.tokenChars} chars`);
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
