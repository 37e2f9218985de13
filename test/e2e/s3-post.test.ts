/**
 * Browser-form uploads (POST /bucket, multipart/form-data, SigV4 POST policy) end to end: the policy and
 * fields made by boto3's generate_presigned_post, the form sent by python requests (and once by headless
 * Chromium submitting a real HTML form). Success as 204, 201 with the PostResponse document, 200 and 303 to
 * the redirect; each refusal with S3's code (expired policy, failed condition, key outside starts-with,
 * uncovered field, too large / too small, bad signature, missing file, not a form, ACLs, encryption,
 * tagging, object lock fields; a bucket's default retention applies); the upload authorized as the signer's s3:PutObject (the policy pair); session credentials.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  DeletePublicAccessBlockCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  PutBucketCorsCommand,
  PutObjectLockConfigurationCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { chromium } from 'playwright-core';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, userWithKey } from '../helpers/iam.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.js';
import { startServer, type TestServer } from '../helpers/server.js';

const BUCKET = 'post-bucket';

let server: TestServer;
let s3: S3Client;
let iam: IAMClient;

before(async () => {
  server = await startServer();
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  iam = new IAMClient(sdkConfig(server));
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
after(async () => {
  s3.destroy();
  iam.destroy();
  await server?.stop();
});

interface Spec {
  key: string;
  /** The bucket (BUCKET by default). */
  bucket?: string;
  fields?: Record<string, string>;
  conditions?: unknown[];
  expires?: number;
  file?: string;
  filename?: string;
  /** Form fields changed or added after signing. */
  mutate?: Record<string, string>;
  /** Form fields removed after signing. */
  drop?: string[];
  noFile?: boolean;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** boto3 signs the policy (generate_presigned_post); requests sends the form, fields in order, file last. */
function post(spec: Spec, creds: Creds = server.root): Answer {
  const r = python(
    server,
    `import boto3, os, json, requests
from botocore.config import Config
spec = json.loads(os.environ['SPEC'])
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
p = s3.generate_presigned_post(spec.get('bucket', '${BUCKET}'), spec['key'], Fields=spec.get('fields'), Conditions=spec.get('conditions'), ExpiresIn=spec.get('expires', 600))
fields = p['fields']
fields.update(spec.get('mutate', {}))
for d in spec.get('drop', []): fields.pop(d, None)
files = None if spec.get('noFile') else {'file': (spec.get('filename', 'hello.txt'), spec.get('file', 'hello world').encode(), 'text/plain')}
data = list(fields.items())
if files is None:
    r = requests.post(p['url'], files=[(k, (None, v)) for k, v in data], allow_redirects=False)
else:
    r = requests.post(p['url'], data=data, files=files, allow_redirects=False)
print(json.dumps({'status': r.status_code, 'headers': dict(r.headers), 'body': r.text}))`,
    creds,
    { SPEC: JSON.stringify(spec) },
  );
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout) as Answer;
  a.headers = Object.fromEntries(Object.entries(a.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return a;
}

/** The error document's text with XML's predefined entities read. */
const unescaped = (xml: string) => xml.replace(/&(quot|apos|lt|gt|amp);/g, (_m, e: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[e]!);

function refused(a: Answer, status: number, code: string, message?: RegExp) {
  assert.equal(a.status, status, a.body);
  assert.match(a.body, new RegExp(`<Code>${code}</Code>`));
  if (message) assert.match(unescaped(a.body), message);
}

async function missing(key: string) {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  } catch (e) {
    assert.ok(e instanceof S3ServiceException);
    assert.equal(e.$metadata.httpStatusCode, 404);
    return;
  }
  assert.fail(`${key} exists`);
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

describe('POST uploads that succeed', () => {
  test('204 by default; ${filename} in the key; the Content-Type field and metadata stored', async () => {
    const a = post({
      key: 'uploads/${filename}',
      fields: { 'Content-Type': 'text/plain', 'x-amz-meta-origin': 'form' },
      conditions: [['starts-with', '$Content-Type', 'text/'], { 'x-amz-meta-origin': 'form' }],
      filename: 'notes.txt',
      file: 'form bytes',
    });
    assert.equal(a.status, 204, a.body);
    assert.equal(a.headers.etag, `"${md5('form bytes')}"`);
    const o = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploads/notes.txt' }));
    assert.equal(await o.Body!.transformToString(), 'form bytes');
    assert.equal(o.ContentType, 'text/plain');
    assert.deepEqual(o.Metadata, { origin: 'form' });
  });

  test('success_action_status 201: the PostResponse document; 200: empty', () => {
    const a = post({ key: 'created.txt', fields: { success_action_status: '201' }, conditions: [{ success_action_status: '201' }], file: 'abc' });
    assert.equal(a.status, 201, a.body);
    assert.match(unescaped(a.body), /<PostResponse><Location>http:\/\/127\.0\.0\.1:\d+\/post-bucket\/created\.txt<\/Location><Bucket>post-bucket<\/Bucket><Key>created\.txt<\/Key><ETag>"([0-9a-f]{32})"<\/ETag><\/PostResponse>/);
    assert.ok(a.body.includes(md5('abc')));
    const b = post({ key: 'ok.txt', fields: { success_action_status: '200' }, conditions: [{ success_action_status: '200' }] });
    assert.equal(b.status, 200);
    assert.equal(b.body, '');
  });

  test('success_action_redirect: 303 to the URL with bucket, key and etag', () => {
    const a = post({ key: 'redirected.txt', fields: { success_action_redirect: 'https://app.example.com/done?x=1' }, conditions: [['starts-with', '$success_action_redirect', 'https://app.example.com/']], file: 'xyz' });
    assert.equal(a.status, 303, a.body);
    const u = new URL(a.headers.location!);
    assert.equal(u.origin + u.pathname, 'https://app.example.com/done');
    assert.equal(u.searchParams.get('x'), '1');
    assert.equal(u.searchParams.get('bucket'), BUCKET);
    assert.equal(u.searchParams.get('key'), 'redirected.txt');
    assert.equal(u.searchParams.get('etag'), `"${md5('xyz')}"`);
  });

  test('session credentials: x-amz-security-token in the form', async () => {
    const sts = new STSClient(sdkConfig(server, await userWithKey(iam, 'post-session', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/session/*` }])));
    const session = credsOf(await sts.send(new GetSessionTokenCommand({})));
    sts.destroy();
    const a = post({ key: 'session/a.txt' }, session);
    assert.equal(a.status, 204, a.body);
    const bad = post({ key: 'session/b.txt', mutate: { 'x-amz-security-token': session.sessionToken!.slice(0, -4) + 'AAAA' } }, session);
    assert.equal(bad.status >= 400, true);
    await missing('session/b.txt');
  });
});

describe('POST uploads that are refused (and store nothing)', () => {
  test('an expired policy: AccessDenied "Policy expired."', async () => {
    refused(post({ key: 'expired.txt', expires: -60 }), 403, 'AccessDenied', /<Message>Invalid according to Policy: Policy expired\.<\/Message>/);
    await missing('expired.txt');
  });

  test('a failed condition, a key outside starts-with, an uncovered field: AccessDenied', async () => {
    refused(
      post({ key: 'typed.txt', fields: { 'Content-Type': 'image/png' }, conditions: [{ 'Content-Type': 'image/png' }], mutate: { 'Content-Type': 'text/html' } }),
      403,
      'AccessDenied',
      /Invalid according to Policy: Policy Condition failed: \["eq", "\$Content-Type", "image\/png"\]/,
    );
    refused(post({ key: 'uploads/${filename}', mutate: { key: 'elsewhere/x.txt' } }), 403, 'AccessDenied', /Policy Condition failed: \["starts-with", "\$key", "uploads\/"\]/);
    refused(post({ key: 'extra.txt', mutate: { 'x-amz-meta-sneaky': '1' } }), 403, 'AccessDenied', /Invalid according to Policy: Extra input fields: x-amz-meta-sneaky/);
    await missing('typed.txt');
    await missing('elsewhere/x.txt');
    await missing('extra.txt');
  });

  test('content-length-range: EntityTooLarge and EntityTooSmall', async () => {
    refused(post({ key: 'big.txt', conditions: [['content-length-range', 1, 10]], file: 'x'.repeat(11) }), 400, 'EntityTooLarge', /<MaxSizeAllowed>10<\/MaxSizeAllowed>/);
    refused(post({ key: 'small.txt', conditions: [['content-length-range', 5, 10]], file: 'x' }), 400, 'EntityTooSmall', /<MinSizeAllowed>5<\/MinSizeAllowed>/);
    assert.equal(post({ key: 'fits.txt', conditions: [['content-length-range', 1, 10]], file: 'x'.repeat(10) }).status, 204);
    await missing('big.txt');
    await missing('small.txt');
  });

  test('a bad signature, an unknown key id: SignatureDoesNotMatch, InvalidAccessKeyId', async () => {
    const a = post({ key: 'forged.txt', mutate: { 'x-amz-signature': '0'.repeat(64) } });
    refused(a, 403, 'SignatureDoesNotMatch');
    const cred = `AKIANOSUCHKEY0000000/${new Date().toISOString().slice(0, 10).replace(/-/g, '')}/us-east-1/s3/aws4_request`;
    refused(post({ key: 'forged.txt', mutate: { 'x-amz-credential': cred } }), 403, 'InvalidAccessKeyId');
    await missing('forged.txt');
  });

  test('missing fields and file, not a form: InvalidArgument, PreconditionFailed', async () => {
    refused(post({ key: 'nofile.txt', noFile: true }), 400, 'InvalidArgument', /POST requires exactly one file upload per request\./);
    refused(post({ key: 'nosig.txt', drop: ['x-amz-signature'] }), 400, 'InvalidArgument', /must contain a field named 'x-amz-signature'/);
    const r = await fetch(`${server.url}/${BUCKET}`, { method: 'POST', body: 'key=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    assert.equal(r.status, 412);
    assert.match(await r.text(), /<Code>PreconditionFailed<\/Code>.*<Condition>Bucket POST must be of the enclosure-type multipart\/form-data<\/Condition>/);
    await missing('nofile.txt');
  });

  test('the acl field follows Object Ownership as x-amz-acl does: public-read under ObjectWriter, refused by BlockPublicAcls', async () => {
    const W = 'post-acl-writer';
    await s3.send(new CreateBucketCommand({ Bucket: W, ObjectOwnership: 'ObjectWriter' }));
    refused(post({ bucket: W, key: 'blocked.txt', fields: { acl: 'public-read' }, conditions: [{ acl: 'public-read' }] }), 403, 'AccessDenied');
    await s3.send(new DeletePublicAccessBlockCommand({ Bucket: W }));
    assert.equal(post({ bucket: W, key: 'public.txt', fields: { acl: 'public-read' }, conditions: [{ acl: 'public-read' }] }).status, 204);
    const anon = await fetch(`${server.url}/${W}/public.txt`);
    assert.deepEqual({ status: anon.status, body: await anon.text() }, { status: 200, body: 'hello world' });
    const acl = await s3.send(new GetObjectAclCommand({ Bucket: W, Key: 'public.txt' }));
    assert.deepEqual(acl.Grants?.map((g) => [g.Grantee?.URI ?? g.Grantee?.ID, g.Permission]), [[acl.Owner?.ID, 'FULL_CONTROL'], ['http://acs.amazonaws.com/groups/global/AllUsers', 'READ']]);
    // A later upload without the field is private again: it does not inherit the replaced object's ACL.
    assert.equal(post({ bucket: W, key: 'public.txt' }).status, 204);
    assert.equal((await fetch(`${server.url}/${W}/public.txt`)).status, 403);
  });

  test('a public ACL where ACLs are disabled (the default); what Tessera does not do: server-side encryption', async () => {
    refused(post({ key: 'acl.txt', fields: { acl: 'public-read' }, conditions: [{ acl: 'public-read' }] }), 400, 'AccessControlListNotSupported');
    refused(post({ key: 'sse.txt', fields: { 'x-amz-server-side-encryption': 'AES256' }, conditions: [{ 'x-amz-server-side-encryption': 'AES256' }] }), 501, 'NotImplemented');
    refused(post({ key: 'sse.txt', fields: { 'x-amz-server-side-encryption': 'ROT13' }, conditions: [{ 'x-amz-server-side-encryption': 'ROT13' }] }), 400, 'InvalidArgument');
    assert.equal(post({ key: 'acl-ok.txt', fields: { acl: 'bucket-owner-full-control' }, conditions: [{ acl: 'bucket-owner-full-control' }] }).status, 204);
    await missing('acl.txt');
    await missing('sse.txt');
  });
});

describe('POST upload fields S3 reads', () => {
  test('tagging: a <Tagging> document becomes the object\'s tags (s3:PutObjectTagging too); a malformed one is MalformedXML', async () => {
    const tagging = '<Tagging><TagSet><Tag><Key>team</Key><Value>blue</Value></Tag><Tag><Key>empty</Key><Value></Value></Tag></TagSet></Tagging>';
    assert.equal(post({ key: 'tagged.txt', fields: { tagging }, conditions: [{ tagging }] }).status, 204);
    const got = await s3.send(new GetObjectTaggingCommand({ Bucket: BUCKET, Key: 'tagged.txt' }));
    assert.deepEqual(got.TagSet, [{ Key: 'team', Value: 'blue' }, { Key: 'empty', Value: '' }]);
    refused(post({ key: 'tag-bad.txt', fields: { tagging: '<Tagging/>' }, conditions: [{ tagging: '<Tagging/>' }] }), 400, 'MalformedXML');
    await missing('tag-bad.txt');
    // Allowed s3:PutObject but not s3:PutObjectTagging: the tagged upload is refused, the untagged one stored.
    const u = await userWithKey(iam, 'post-no-tagging', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }]);
    refused(post({ key: 'tag-denied.txt', fields: { tagging }, conditions: [{ tagging }] }, u), 403, 'AccessDenied');
    assert.equal(post({ key: 'untagged.txt' }, u).status, 204);
    await missing('tag-denied.txt');
  });

  test('${filename} in the key is expanded before the policy is checked (the policy sees the stored key)', async () => {
    const ok = post({ key: 'named/${filename}', filename: 'report.txt', conditions: [['eq', '$key', 'named/report.txt']] });
    assert.equal(ok.status, 204, ok.body);
    assert.equal((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'named/report.txt' }))).ContentLength, 11);
    refused(post({ key: 'named/${filename}', filename: 'other.txt', conditions: [['eq', '$key', 'named/report.txt']] }), 403, 'AccessDenied');
  });
});

describe('POST uploads into a bucket with Object Lock', () => {
  test("the bucket's default retention applies as on PutObject; lock fields in the form are NotImplemented", async () => {
    const L = 'post-locked';
    await s3.send(new CreateBucketCommand({ Bucket: L, ObjectLockEnabledForBucket: true }));
    await s3.send(
      new PutObjectLockConfigurationCommand({
        Bucket: L,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2 } } },
      }),
    );
    const before = Date.now();
    const a = post({ bucket: L, key: 'held.txt' });
    assert.equal(a.status, 204, a.body);
    const h = await s3.send(new HeadObjectCommand({ Bucket: L, Key: 'held.txt' }));
    assert.equal(h.ObjectLockMode, 'GOVERNANCE');
    assert.equal(h.ObjectLockLegalHoldStatus, 'OFF');
    const until = h.ObjectLockRetainUntilDate!.getTime();
    assert.ok(until >= before + 2 * 86_400_000 - 1000 && until <= Date.now() + 2 * 86_400_000 + 1000, String(h.ObjectLockRetainUntilDate));
    const fields = { 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': '2030-01-01T00:00:00Z' };
    refused(post({ bucket: L, key: 'asked.txt', fields, conditions: Object.entries(fields).map(([k, v]) => ({ [k]: v })) }), 501, 'NotImplemented');
    await assert.rejects(s3.send(new HeadObjectCommand({ Bucket: L, Key: 'asked.txt' })), (e: S3ServiceException) => e.$metadata.httpStatusCode === 404);
  });
});

describe("the upload is the signer's s3:PutObject", () => {
  test('policy pair: allowed on uploads/*, AccessDenied elsewhere and for a user without it', async () => {
    const writer = await userWithKey(iam, 'post-writer', [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `arn:aws:s3:::${BUCKET}/uploads/*` }]);
    assert.equal(post({ key: 'uploads/by-writer.txt' }, writer).status, 204);
    refused(post({ key: 'private/by-writer.txt' }, writer), 403, 'AccessDenied', /not authorized to perform: s3:PutObject on resource: "arn:aws:s3:::post-bucket\/private\/by-writer.txt"/);
    const reader = await userWithKey(iam, 'post-reader', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }]);
    refused(post({ key: 'uploads/by-reader.txt' }, reader), 403, 'AccessDenied');
    await missing('private/by-writer.txt');
    await missing('uploads/by-reader.txt');
  });

  test('an unsigned form is anonymous: AccessDenied without a bucket policy', async () => {
    const form = new FormData();
    form.append('key', 'anon.txt');
    form.append('file', new Blob(['anonymous']), 'anon.txt');
    const r = await fetch(`${server.url}/${BUCKET}`, { method: 'POST', body: form });
    assert.equal(r.status, 403);
    assert.match(await r.text(), /<Code>AccessDenied<\/Code>/);
    await missing('anon.txt');
  });
});

describe('a real browser form (headless Chromium)', () => {
  test('an HTML form with the policy fields uploads the chosen file and follows the redirect', async () => {
    assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
    const r = python(
      server,
      `import boto3, os, json
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(json.dumps(s3.generate_presigned_post('${BUCKET}', 'browser/\${filename}', Fields={'success_action_status': '201'}, Conditions=[{'success_action_status': '201'}, ['content-length-range', 1, 1000]], ExpiresIn=600)))`,
    );
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout) as { url: string; fields: Record<string, string> };
    const dir = mkdtempSync(join(tmpdir(), 'tessera-post-'));
    try {
      const upload = join(dir, 'picked.txt');
      writeFileSync(upload, 'chosen in the browser');
      const inputs = Object.entries(p.fields)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${v.replace(/"/g, '&quot;')}">`)
        .join('');
      const html = `<!doctype html><form id="f" action="${p.url}" method="post" enctype="multipart/form-data">${inputs}<input type="file" name="file" id="file"><button id="go">Upload</button></form>`;
      const profile = join(dir, 'profile');
      const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.setContent(html);
        await page.setInputFiles('#file', upload);
        const [response] = await Promise.all([page.waitForNavigation(), page.click('#go')]);
        assert.equal(response?.status(), 201);
        assert.match((await response!.text()) ?? '', /<Key>browser\/picked\.txt<\/Key>/);
      } finally {
        await context.close();
      }
      const o = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'browser/picked.txt' }));
      assert.equal(await o.Body!.transformToString(), 'chosen in the browser');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a page on another origin posts the form with fetch: it reads S3's answer only when a CORS rule allows its origin", async () => {
    const r = python(
      server,
      `import boto3, os, json
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(signature_version='s3v4', s3={'addressing_style': 'path'}))
print(json.dumps(s3.generate_presigned_post('${BUCKET}', 'fetched/\${filename}', Fields={'success_action_status': '201'}, Conditions=[{'success_action_status': '201'}], ExpiresIn=600)))`,
    );
    assert.equal(r.status, 0, r.stderr);
    const p = JSON.parse(r.stdout) as { url: string; fields: Record<string, string> };
    const app = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>app</title>');
    });
    await new Promise<void>((ok) => app.listen(0, '127.0.0.1', ok));
    const origin = `http://localhost:${(app.address() as AddressInfo).port}`;
    const dir = mkdtempSync(join(tmpdir(), 'tessera-post-'));
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${origin}/`);
      const send = (name: string) =>
        page.evaluate(
          async ([url, fields, file]) => {
            const form = new FormData();
            for (const [k, v] of Object.entries(fields as Record<string, string>)) form.append(k, v);
            form.append('file', new Blob(['posted by fetch']), file as string);
            try {
              const res = await fetch(url as string, { method: 'POST', body: form });
              return `${res.status} ${await res.text()}`;
            } catch (e) {
              return `blocked: ${(e as Error).name}`;
            }
          },
          [p.url, p.fields, name],
        );
      // No rule: the browser sends the (simple) request but hands the page no answer.
      assert.equal(await send('first.txt'), 'blocked: TypeError');
      await s3.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ['POST'] }] } }));
      assert.match(await send('second.txt'), /^201 .*<Key>fetched\/second\.txt<\/Key>/s);
    } finally {
      await context.close();
      await new Promise((ok) => app.close(ok));
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
