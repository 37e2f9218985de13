/**
 * S3 CORS end to end: Put/Get/DeleteBucketCors through the JS SDK and boto3 (AWS's validation errors, the
 * policy pair on s3:PutBucketCORS / s3:GetBucketCORS), preflight OPTIONS and actual requests over raw
 * HTTP (the headers a rule grants; AccessForbidden and BadRequest as S3 answers; never for the console's
 * origin), and headless Chromium fetching cross-origin from a page on another origin: allowed with a rule,
 * blocked without.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  GetBucketCorsCommand,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type CORSRule,
} from '@aws-sdk/client-s3';
import { chromium, type BrowserContext } from 'playwright-core';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { userWithKey } from '../helpers/iam.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';
import { startServer, type TestServer } from '../helpers/server.js';

const BUCKET = 'cors-bucket';
const APP = 'https://app.example.com';

let server: TestServer;
let s3: S3Client;
let iam: IAMClient;
const clients: Array<{ destroy(): void }> = [];

const s3For = (c: Creds) => {
  const s = new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
  clients.push(s);
  return s;
};

before(async () => {
  server = await startServer();
  s3 = s3For(server.root);
  iam = new IAMClient(sdkConfig(server));
  clients.push(iam);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'hello.txt', Body: 'hello from s3', ContentType: 'text/plain' }));
});
after(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

async function fails(p: Promise<unknown>, code: string, status: number, message?: RegExp): Promise<void> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof S3ServiceException, String(e));
    assert.equal(e.name, code);
    assert.equal(e.$metadata.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return;
  }
  assert.fail(`expected ${code}`);
}

const RULES: CORSRule[] = [
  { ID: 'app-writes', AllowedOrigins: [APP], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['x-amz-*', 'content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
  { AllowedOrigins: ['http://*.reader.test'], AllowedMethods: ['GET', 'HEAD'] },
];

const raw = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, init);

describe('Put/Get/DeleteBucketCors', () => {
  test('NoSuchCORSConfiguration before any, the rules as put, then gone again (JS SDK)', async () => {
    await fails(s3.send(new GetBucketCorsCommand({ Bucket: BUCKET })), 'NoSuchCORSConfiguration', 404);
    await s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: RULES } }));
    const got = await s3.send(new GetBucketCorsCommand({ Bucket: BUCKET }));
    assert.deepEqual(got.CORSRules, [
      { ID: 'app-writes', AllowedOrigins: [APP], AllowedMethods: ['PUT', 'POST'], AllowedHeaders: ['x-amz-*', 'content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 },
      { AllowedOrigins: ['http://*.reader.test'], AllowedMethods: ['GET', 'HEAD'] },
    ]);
    await s3.send(new DeleteBucketCorsCommand({ Bucket: BUCKET }));
    await fails(s3.send(new GetBucketCorsCommand({ Bucket: BUCKET })), 'NoSuchCORSConfiguration', 404);
    await fails(s3.send(new GetBucketCorsCommand({ Bucket: 'no-such-cors-bucket' })), 'NoSuchBucket', 404);
  });

  test("AWS's refusals change nothing: MalformedXML, InvalidRequest (method, wildcards)", async () => {
    await s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: RULES } }));
    const bad: Array<[CORSRule[], string, RegExp]> = [
      [[{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }], 'InvalidRequest', /Unsupported method is PATCH/],
      [[{ AllowedOrigins: ['http://*.*.test'], AllowedMethods: ['GET'] }], 'InvalidRequest', /more than one wildcard/],
      [[{ AllowedOrigins: ['*'], AllowedMethods: ['GET'], AllowedHeaders: ['x-*-*'] }], 'InvalidRequest', /more than one wildcard/],
      [[{ AllowedOrigins: [], AllowedMethods: ['GET'] }], 'MalformedXML', /not well-formed/],
      [[], 'MalformedXML', /not well-formed/],
      [Array.from({ length: 101 }, () => ({ AllowedOrigins: ['*'], AllowedMethods: ['GET'] })), 'InvalidRequest', /100 rules/],
    ];
    for (const [rules, code, message] of bad) {
      await fails(s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: rules } })), code, 400, message);
    }
    assert.equal((await s3.send(new GetBucketCorsCommand({ Bucket: BUCKET }))).CORSRules?.length, 2);
  });

  test('boto3: put_bucket_cors and get_bucket_cors', () => {
    const r = python(
      server,
      `import boto3, os, json
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(s3={'addressing_style': 'path'}))
s3.put_bucket_cors(Bucket='${BUCKET}', CORSConfiguration={'CORSRules': [{'AllowedOrigins': ['${APP}'], 'AllowedMethods': ['PUT', 'POST'], 'AllowedHeaders': ['x-amz-*', 'content-type'], 'ExposeHeaders': ['ETag'], 'MaxAgeSeconds': 600, 'ID': 'app-writes'}, {'AllowedOrigins': ['http://*.reader.test'], 'AllowedMethods': ['GET', 'HEAD']}]})
print(json.dumps(s3.get_bucket_cors(Bucket='${BUCKET}')['CORSRules']))`,
    );
    assert.equal(r.status, 0, r.stderr);
    const rules = JSON.parse(r.stdout) as CORSRule[];
    assert.deepEqual(rules[0]?.AllowedOrigins, [APP]);
    assert.deepEqual(rules[1]?.AllowedMethods, ['GET', 'HEAD']);
  });

  test('policy pair: a user allowed s3:GetBucketCORS only reads the rules and may not put or delete them', async () => {
    const reader = await userWithKey(iam, 'cors-reader', [{ Effect: 'Allow', Action: 's3:GetBucketCORS', Resource: `arn:aws:s3:::${BUCKET}` }]);
    const s = s3For(reader);
    assert.equal((await s.send(new GetBucketCorsCommand({ Bucket: BUCKET }))).CORSRules?.length, 2);
    await fails(s.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: RULES } })), 'AccessDenied', 403);
    await fails(s.send(new DeleteBucketCorsCommand({ Bucket: BUCKET })), 'AccessDenied', 403);
    const none = s3For(await userWithKey(iam, 'cors-none', [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: `arn:aws:s3:::${BUCKET}` }]));
    await fails(none.send(new GetBucketCorsCommand({ Bucket: BUCKET })), 'AccessDenied', 403);
    assert.equal((await s.send(new GetBucketCorsCommand({ Bucket: BUCKET }))).CORSRules?.length, 2);
  });
});

describe('preflight and actual requests over HTTP', () => {
  before(async () => {
    await s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: RULES } }));
  });

  test('a preflight a rule allows: 200 with the rule’s headers, no credentials needed', async () => {
    const r = await raw(`/${BUCKET}/uploads/a.bin`, { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'Content-Type, X-Amz-Date' } });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('access-control-allow-origin'), APP);
    assert.equal(r.headers.get('access-control-allow-methods'), 'PUT, POST');
    assert.equal(r.headers.get('access-control-allow-headers'), 'content-type, x-amz-date');
    assert.equal(r.headers.get('access-control-expose-headers'), 'ETag');
    assert.equal(r.headers.get('access-control-max-age'), '600');
    assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
    assert.match(r.headers.get('vary') ?? '', /Origin/);
    const bucketLevel = await raw(`/${BUCKET}`, { method: 'OPTIONS', headers: { Origin: 'http://x.reader.test', 'Access-Control-Request-Method': 'GET' } });
    assert.equal(bucketLevel.status, 200);
    assert.equal(bucketLevel.headers.get('access-control-allow-origin'), 'http://x.reader.test');
  });

  test('preflights no rule allows: 403 AccessForbidden, without CORS headers', async () => {
    const cases: Array<Record<string, string>> = [
      { Origin: 'https://evil.test', 'Access-Control-Request-Method': 'PUT' },
      { Origin: APP, 'Access-Control-Request-Method': 'DELETE' },
      { Origin: APP, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-custom' },
      { Origin: 'http://x.reader.test', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-amz-date' },
    ];
    for (const headers of cases) {
      const r = await raw(`/${BUCKET}/k`, { method: 'OPTIONS', headers });
      assert.equal(r.status, 403, JSON.stringify(headers));
      const body = await r.text();
      assert.match(body, /<Code>AccessForbidden<\/Code><Message>CORSResponse: This CORS request is not allowed/);
      assert.match(body, /<ResourceType>OBJECT<\/ResourceType>/);
      assert.equal(r.headers.get('access-control-allow-origin'), null);
    }
  });

  test('bad preflights: 400 without Origin or with a bad method; 404 for a missing bucket; 403 when CORS is off', async () => {
    let r = await raw(`/${BUCKET}/k`, { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'GET' } });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /<Code>BadRequest<\/Code><Message>Insufficient information. Origin request header needed.<\/Message>/);
    r = await raw(`/${BUCKET}/k`, { method: 'OPTIONS', headers: { Origin: APP } });
    assert.equal(r.status, 400);
    assert.match(await r.text(), /Invalid Access-Control-Request-Method/);
    r = await raw(`/no-such-bucket-cors/k`, { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(r.status, 404);
    assert.match(await r.text(), /<Code>NoSuchBucket<\/Code>/);
    await s3.send(new CreateBucketCommand({ Bucket: 'cors-off' }));
    r = await raw(`/cors-off/k`, { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /CORSResponse: CORS is not enabled for this bucket\./);
  });

  test('actual requests: the matching rule’s headers on answers, errors included; none for other origins', async () => {
    // Anonymous GET: AccessDenied, but the browser may read the error.
    let r = await raw(`/${BUCKET}/hello.txt`, { headers: { Origin: 'http://a.reader.test' } });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('access-control-allow-origin'), 'http://a.reader.test');
    assert.equal(r.headers.get('access-control-allow-methods'), 'GET, HEAD');
    r = await raw(`/${BUCKET}/hello.txt`, { headers: { Origin: 'https://evil.test' } });
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('access-control-allow-origin'), null);
    r = await raw(`/${BUCKET}/hello.txt`, { method: 'DELETE', headers: { Origin: 'http://a.reader.test' } });
    assert.equal(r.headers.get('access-control-allow-origin'), null, 'DELETE is not a method of the rule');
    r = await raw(`/${BUCKET}/hello.txt`);
    assert.equal(r.headers.get('access-control-allow-origin'), null, 'no Origin, no CORS headers');
  });

  test("the console's origin never gets CORS headers, whatever the rules say", async () => {
    const consoleOrigin = new URL(server.consoleUrl).origin;
    await s3.send(new CreateBucketCommand({ Bucket: 'cors-everyone' }));
    await s3.send(new PutBucketCorsCommand({ Bucket: 'cors-everyone', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['*'] }] } }));
    const ok = await raw(`/cors-everyone/x`, { method: 'OPTIONS', headers: { Origin: 'https://anyone.test', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-anything' } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('access-control-allow-origin'), '*');
    const pre = await raw(`/cors-everyone/x`, { method: 'OPTIONS', headers: { Origin: consoleOrigin, 'Access-Control-Request-Method': 'GET' } });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    const actual = await raw(`/cors-everyone/x`, { headers: { Origin: consoleOrigin } });
    assert.equal(actual.headers.get('access-control-allow-origin'), null);
  });
});

describe('a browser on another origin (headless Chromium)', () => {
  let page: Server;
  let pageOrigin: string;
  let context: BrowserContext;
  let profile: string;

  before(async () => {
    page = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    // 'localhost' vs the API's 127.0.0.1: another origin (and another site).
    pageOrigin = `http://localhost:${(page.address() as AddressInfo).port}`;
    profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  });
  after(async () => {
    await context?.close().catch(() => undefined);
    await new Promise((r) => page.close(r));
    rmSync(profile, { recursive: true, force: true });
  });

  function presign(method: 'get_object' | 'put_object', bucket: string, key: string): string {
    const r = python(
      server,
      `import boto3, os
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(s3.generate_presigned_url('${method}', Params={'Bucket': '${bucket}', 'Key': '${key}'}, ExpiresIn=600))`,
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  }

  test('a cross-origin fetch succeeds with a rule for the page’s origin and is blocked without', async () => {
    assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
    await s3.send(new CreateBucketCommand({ Bucket: 'cors-browser' }));
    await s3.send(new PutObjectCommand({ Bucket: 'cors-browser', Key: 'data.txt', Body: 'cross-origin bytes' }));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const tab = context.pages()[0] ?? (await context.newPage());
    await tab.goto(`${pageOrigin}/`);
    const getUrl = presign('get_object', 'cors-browser', 'data.txt');
    const putUrl = presign('put_object', 'cors-browser', 'from-browser.txt');
    const attempt = () =>
      tab.evaluate(
        async ([g, p]) => {
          const out: Record<string, string> = {};
          try {
            out.get = await (await fetch(g!)).text();
          } catch (e) {
            out.get = `blocked: ${(e as Error).name}`;
          }
          try {
            // A header outside the CORS-safelisted ones: the browser sends a preflight first.
            const r = await fetch(p!, { method: 'PUT', body: 'written by a page', headers: { 'Content-Type': 'application/x-test' } });
            out.put = `${r.status} ${r.headers.get('etag') ?? ''}`;
          } catch (e) {
            out.put = `blocked: ${(e as Error).name}`;
          }
          return out;
        },
        [getUrl, putUrl],
      );

    // Without a rule: the browser refuses to hand the page either answer.
    const blocked = await attempt();
    assert.deepEqual(blocked, { get: 'blocked: TypeError', put: 'blocked: TypeError' });
    await fails(s3.send(new GetBucketCorsCommand({ Bucket: 'cors-browser' })), 'NoSuchCORSConfiguration', 404);

    // A rule for the page's origin: both work, and the exposed ETag is readable.
    await s3.send(
      new PutBucketCorsCommand({
        Bucket: 'cors-browser',
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: [pageOrigin], AllowedMethods: ['GET', 'PUT'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'] }] },
      }),
    );
    const allowed = await attempt();
    assert.equal(allowed.get, 'cross-origin bytes');
    assert.match(allowed.put ?? '', /^200 "[0-9a-f]{32}"$/);
  });
});
