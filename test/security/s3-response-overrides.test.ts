/**
 * GetObject's response-* parameters become response headers. A value that cannot be one — CR/LF (header
 * injection), NUL, characters beyond ISO-8859-1 — is AWS's 400 InvalidArgument naming the parameter, never
 * a 500 and never a split header. Presigned URLs (boto3, SigV4 and SigV2) fetched as raw HTTP, as a browser
 * would follow them.
 */
import assert from 'node:assert/strict';
import { get as httpGet } from 'node:http';
import { after, before, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
const B = 'response-overrides';
const PARAMS: Record<string, string> = {
  ResponseContentType: 'response-content-type',
  ResponseContentDisposition: 'response-content-disposition',
  ResponseContentEncoding: 'response-content-encoding',
  ResponseContentLanguage: 'response-content-language',
  ResponseCacheControl: 'response-cache-control',
  ResponseExpires: 'response-expires',
};

before(async () => {
  server = await startServer();
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: B }));
  await s3.send(new PutObjectCommand({ Bucket: B, Key: 'k', Body: 'body' }));
  s3.destroy();
});
after(async () => {
  await server?.stop();
});

/** boto3 presigns one GET per (parameter, value, signature version); returns the URLs in that order. */
function presign(cases: Array<[string, string]>): string[] {
  const r = python(
    server,
    `
import boto3, json, os, datetime
from botocore.config import Config
cases = json.loads(os.environ['CASES'])
out = []
for version in ['s3v4', 's3']:
    s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version=version))
    for name, value in cases:
        if name == 'ResponseExpires':
            value = datetime.datetime(2030, 1, 1) if value == 'date' else value
        out.append(s3.generate_presigned_url('get_object', Params={'Bucket': '${B}', 'Key': 'k', name: value}, ExpiresIn=300))
print(json.dumps(out))
`,
    server.root,
    { CASES: JSON.stringify(cases) },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

const pick = (xml: string, tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];

/** A GET with node:http: header values as the bytes sent (Latin-1), nothing normalized. */
function get(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    httpGet(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    }).on('error', reject);
  });
}

/** response-expires takes a timestamp in the SDKs: this one is presigned (SigV4) with the SDK's own signer. */
async function presignExpires(value: string): Promise<string> {
  const u = new URL(server.url);
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: server.root, sha256: Sha256, uriEscapePath: false });
  const signed = await signer.presign(
    { method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: `/${B}/k`, headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, query: { 'response-expires': value } },
    { expiresIn: 300, unhoistableHeaders: new Set(['x-amz-content-sha256']) },
  );
  // AWS's URI encoding (what the signer canonicalized), not URLSearchParams' form encoding ('+' for space).
  const enc = (x: string) => encodeURIComponent(x).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const query = Object.entries(signed.query as Record<string, string>).map(([k, v]) => `${enc(k)}=${enc(v)}`);
  return `${server.url}${signed.path}?${query.join('&')}`;
}

const BAD: Array<[string, string]> = [
  ['text/plain\r\nX-Injected: yes', 'Header value contains invalid characters.'],
  ['a\u0000b', 'Header value contains invalid characters.'],
  ['attachment; filename="日本.txt"', 'Header value cannot be represented using ISO-8859-1.'],
];

async function assertRefused(url: string, param: string, value: string, message: string, headers: Record<string, string> = {}) {
  const res = await new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    httpGet(url, { headers }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (body += d));
      r.on('end', () => resolve({ status: r.statusCode!, headers: r.headers, body }));
    }).on('error', reject);
  });
  assert.equal(res.status, 400, `${param} ${JSON.stringify(value)}: ${res.body}`);
  assert.equal(res.headers['x-injected'], undefined);
  assert.equal(pick(res.body, 'Code'), 'InvalidArgument');
  assert.equal(pick(res.body, 'Message'), message);
  assert.equal(pick(res.body, 'ArgumentName'), param);
}

test('CR/LF, NUL and non-Latin-1 values of every response-* parameter: 400 InvalidArgument, no header injected', async () => {
  const cases: Array<[string, string, string]> = [];
  for (const name of Object.keys(PARAMS)) if (name !== 'ResponseExpires') for (const [v, m] of BAD) cases.push([name, v, m]);
  const urls = presign(cases.map(([n, v]) => [n, v]));
  assert.equal(urls.length, cases.length * 2);
  for (const [i, url] of urls.entries()) {
    const [name, value, message] = cases[i % cases.length]!;
    await assertRefused(url, PARAMS[name]!, value, message);
  }
  for (const [v, m] of BAD) await assertRefused(await presignExpires(v), 'response-expires', v, m, { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' });
});

test('valid values, Latin-1 included, are applied as before', async () => {
  const urls = presign([
    ['ResponseContentType', 'text/plain; charset=utf-8'],
    ['ResponseContentDisposition', 'attachment; filename="café.txt"'],
    ['ResponseExpires', 'date'],
  ]);
  const [type, disposition, expires] = urls;
  let res = await get(type!);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
  assert.equal(res.body, 'body');
  res = await get(disposition!);
  assert.equal(res.status, 200);
  assert.equal(res.headers['content-disposition'], 'attachment; filename="café.txt"');
  res = await get(expires!);
  assert.equal(res.status, 200);
  assert.match(String(res.headers['expires']), /2030/);
});
