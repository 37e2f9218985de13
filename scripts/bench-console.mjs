#!/usr/bin/env node
// Console benchmark (issue 18): the first paint of the S3 browser over a bucket of 100,000 objects, in
// headless Chromium (Debian's chromium driven by playwright-core), against the API call the page shows.
//  - "console": from the navigation to the bucket's page until its first page (1,000 object rows) is in the
//    DOM and painted (the next animation frame), a fresh page load each round, the account root signed in;
//  - "API": the ListObjectsV2 call behind it (1,000 keys, delimiter "/"), signed SigV4 from Node.
// The objects are seeded into the metadata directly (empty objects at the bucket's root, so the first page
// is 1,000 object rows), the server stopped meanwhile. Target: the console's first paint under 1 s.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { fmt, freePort, seedKeys, startTessera, stop, waitFor } from './bench/lib.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const OBJECTS = 100_000;
const ROUNDS = 7;
const BUCKET = 'bench-console';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function start(dataDir) {
  const port = await freePort();
  const consolePort = await freePort();
  const t = startTessera(port, ['--data', dataDir, '--console-port', String(consolePort)]);
  await waitFor(async () => (await fetch(`${t.url}/_health`)).ok);
  return { ...t, consoleUrl: `http://127.0.0.1:${consolePort}` };
}

async function s3(t, method, path) {
  const u = new URL(t.url);
  const [p, q] = path.split('?');
  const query = Object.fromEntries(new URLSearchParams(q ?? ''));
  const signed = await new SignatureV4({ service: 's3', region: 'us-east-1', credentials: t.root, sha256: Sha256, uriEscapePath: false }).sign({
    method, protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: p, query,
    headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
  });
  const h = signed.headers;
  const { host: _host, ...sent } = h;
  const r = await fetch(`${t.url}${path}`, { method, headers: sent });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 200)}`);
  return text;
}

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error('Debian chromium is required: apt-get install -y chromium');
  const work = mkdtempSync(join(tmpdir(), 'tessera-bench-console-'));
  const dataDir = join(work, 'data');
  let t = await start(dataDir);
  try {
    await s3(t, 'PUT', `/${BUCKET}`);
    await stop(t.child);
    await seedKeys(dataDir, BUCKET, OBJECTS, (i) => `file-${String(i).padStart(7, '0')}.dat`);
    t = await start(dataDir);

    const listPath = `/${BUCKET}?list-type=2&delimiter=%2F&max-keys=1000`;
    await s3(t, 'GET', listPath);
    const api = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const body = await s3(t, 'GET', listPath);
      api.push(performance.now() - t0);
      if ((body.match(/<Key>/g) ?? []).length !== 1000) throw new Error('the listing is not a full page');
    }

    const profile = mkdtempSync(join(tmpdir(), 'tessera-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 } });
    const console_ = [];
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${t.consoleUrl}/_console/signin`);
      await page.click('#tab-root');
      await page.fill('#accessKeyId', t.root.accessKeyId);
      await page.fill('#secretAccessKey', t.root.secretAccessKey);
      await page.click('#submit');
      await page.getByTestId('arn').waitFor();
      const url = `${t.consoleUrl}/_console/#/s3/${BUCKET}/`;
      for (let i = 0; i < ROUNDS + 1; i++) {
        await page.goto('about:blank');
        const t0 = performance.now();
        await page.goto(url);
        await page.getByTestId('object').nth(999).waitFor();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
        const ms = performance.now() - t0;
        if (i > 0) console_.push(ms); // the first round warms the browser's cache of the console's assets
        if ((await page.getByTestId('more-count').textContent()) !== '1000 shown, more available') throw new Error('the page does not offer the next page');
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
    const c = median(console_);
    const a = median(api);
    console.log(`\n## Console: S3 browser first paint over ${fmt(OBJECTS)} objects (first page: 1,000 rows), median of ${ROUNDS}\n`);
    console.log('| measure | Tessera |');
    console.log('|---|---|');
    console.log(`| console first paint (navigation → 1,000 rows painted) | ${fmt(c)} ms |`);
    console.log(`| the ListObjectsV2 page behind it (SigV4 from Node) | ${fmt(a, 1)} ms |`);
    console.log(`| console / API | ${fmt(c / a, 1)}× |`);
    console.log(`\ntarget: first paint < 1,000 ms — ${c < 1000 ? 'met' : 'NOT met'}`);
    if (c >= 1000) process.exitCode = 1;
  } finally {
    await stop(t.child);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
