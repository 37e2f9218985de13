// Foundation benchmark (issue 2): authenticated STS GetCallerIdentity requests per second (keep-alive,
// 64 connections, wrk in a separate process) against the same server's unauthenticated /_health ceiling
// and against moto with its IAM auth enforced; a signed S3 GetObject of a 1 KiB object on the same server
// (the S3 pipeline's fixed cost, next to the query pipeline's); and the time from process start to the first
// authenticated answer, for Tessera and for moto.
import { fmt, freePort, signForm, signRequest, startMotoWithAdmin, startTessera, stop, waitFor, wrk } from './lib.mjs';

const GCI = 'Action=GetCallerIdentity&Version=2011-06-15';

async function firstAnswer(url, creds) {
  const headers = await signForm(url, 'sts', GCI, creds);
  const res = await fetch(url, { method: 'POST', headers, body: GCI });
  return res.status === 200 && (await res.text()).includes('<Arn>');
}


/** A bucket with one 1 KiB object, then wrk replaying one signed GET of it (SigV4 header, empty payload hash). */
async function s3GetOneKib(t) {
  const call = async (method, path, body) => {
    const headers = await signRequest(t.url, 's3', { method, path, body }, t.root);
    const res = await fetch(`${t.url}${path}`, { method, headers, body });
    if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  };
  await call('PUT', '/bench-foundation');
  await call('PUT', '/bench-foundation/one-kib', Buffer.alloc(1024, 97));
  const headers = await signRequest(t.url, 's3', { method: 'GET', path: '/bench-foundation/one-kib' }, t.root);
  const url = `${t.url}/bench-foundation/one-kib`;
  wrk(url, { method: 'GET', headers, seconds: 2 }); // warm-up
  return { url, headers };
}

export async function run() {
  console.log('\n## Foundation: signed STS GetCallerIdentity (64 keep-alive connections, wrk, 8 s each)\n');
  // Start to first authenticated answer.
  const starts = [];
  for (let i = 0; i < 5; i++) {
    const port = await freePort();
    const t0 = performance.now();
    const t = startTessera(port, ['--memory']);
    await waitFor(() => firstAnswer(t.url, t.root), 20000);
    starts.push(performance.now() - t0);
    await stop(t.child);
  }
  starts.sort((a, b) => a - b);
  const tStart = starts[Math.floor(starts.length / 2)];

  const port = await freePort();
  const t = startTessera(port, ['--memory']);
  await waitFor(() => firstAnswer(t.url, t.root));
  const headers = await signForm(t.url, 'sts', GCI, t.root);
  wrk(t.url, { headers, body: GCI, seconds: 2 }); // warm-up
  const auth = wrk(t.url, { headers, body: GCI });
  const health = wrk(`${t.url}/_health`, { method: 'GET' });
  const s3 = await s3GetOneKib(t);
  const s3get = wrk(s3.url, { method: 'GET', headers: s3.headers });
  // The S3 / STS ratio from alternating 4-second rounds (median), so that load elsewhere on the machine
  // weighs on both sides alike.
  const ratios = [];
  for (let i = 0; i < 3; i++) {
    const a = wrk(t.url, { headers, body: GCI, seconds: 4 });
    const b = wrk(s3.url, { method: 'GET', headers: s3.headers, seconds: 4 });
    ratios.push(b.rps / a.rps);
  }
  ratios.sort((x, y) => x - y);
  const s3Ratio = ratios[1];
  await stop(t.child);

  let moto;
  let motoStart = NaN;
  try {
    const mport = await freePort();
    const m0 = performance.now();
    const m = await startMotoWithAdmin(mport);
    await waitFor(() => firstAnswer(m.url, m.creds), 30000);
    motoStart = performance.now() - m0;
    const mh = await signForm(m.url, 'sts', GCI, m.creds);
    moto = wrk(m.url, { headers: mh, body: GCI, seconds: 8 });
    await stop(m.child);
  } catch (e) {
    console.log(`moto could not be measured: ${e.message}`);
  }

  const rows = [
    ['Tessera GetCallerIdentity (SigV4 verified)', auth],
    ['Tessera /_health (no auth: ceiling)', health],
    ['Tessera S3 GetObject, 1 KiB (SigV4 verified)', s3get],
    ...(moto ? [['moto GetCallerIdentity (auth enforced)', moto]] : []),
  ];
  console.log('| what | requests/s | p50 ms | p99 ms | non-2xx |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, r] of rows) console.log(`| ${name} | ${fmt(r.rps)} | ${fmt(r.p50ms, 2)} | ${fmt(r.p99ms, 2)} | ${r.non2xx + r.errors} |`);
  console.log();
  console.log(`authenticated / own ceiling: ${fmt((auth.rps / health.rps) * 100, 1)}% (target ≥ 70%)`);
  console.log(`S3 GetObject 1 KiB / STS GetCallerIdentity: ${fmt(s3Ratio * 100, 1)}% (median of 3 alternating rounds; target ≥ 60%)`);
  if (moto) console.log(`Tessera / moto: ${fmt(auth.rps / moto.rps, 1)}× (target ≥ 30×)`);
  console.log(`start → first authenticated answer: Tessera ${fmt(tStart)} ms (median of 5; target < 300 ms), moto ${fmt(motoStart)} ms (incl. its 3-request admin setup)`);
  return { auth, health, moto, tStart, motoStart };
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
