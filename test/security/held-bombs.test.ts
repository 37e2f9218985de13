/**
 * XML and JSON bombs over the wire: DTDs, entity expansion (billion laughs), external entities (XXE) and
 * deep nesting in every S3 XML body (DeleteObjects, CompleteMultipartUpload, CreateBucket), deep and huge
 * JSON in policies (bucket policy, IAM managed policy, session policy), oversized query bodies. Each is an
 * AWS-shaped 4xx, changes nothing, and the server stays up with bounded memory.
 * (Unit level: src/services/s3/s3.test.ts and src/policy/parse.test.ts; SAML DTDs: test/e2e/federation-saml.)
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreatePolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, CreateMultipartUploadCommand, PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig } from '../helpers/clients.js';
import { adminWithKey } from '../helpers/iam.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { queryError, send, signQuery } from '../helpers/sign.js';
import { healthy, rssOf, sendS3, signS3 } from './held-lib.js';

let server: TestServer;
let s3: S3Client;
let uploadId: string;
let partEtag: string;
let rssBefore: number;

const LAUGHS =
  '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' +
  Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('') +
  ']>';
const XXE = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
const md5 = (b: string | Buffer) => createHash('md5').update(b).digest('base64');

before(async () => {
  server = await startServer({ args: ['--log', 'off'] });
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'bombs' }));
  await s3.send(new PutObjectCommand({ Bucket: 'bombs', Key: 'keep', Body: 'kept' }));
  uploadId = (await s3.send(new CreateMultipartUploadCommand({ Bucket: 'bombs', Key: 'mp' }))).UploadId!;
  partEtag = (await s3.send(new UploadPartCommand({ Bucket: 'bombs', Key: 'mp', UploadId: uploadId, PartNumber: 1, Body: 'part' }))).ETag!;
  rssBefore = await rssOf(server);
});
after(async () => {
  s3?.destroy();
  await server?.stop();
});

async function s3Xml(method: string, path: string, query: Record<string, string>, body: string) {
  const r = await sendS3(await signS3(server, method, path, server.root, { body, query, headers: { 'content-md5': md5(body) } }));
  assert.doesNotMatch(r.text, /root:x:0:0/, 'no file content leaks');
  return r;
}

describe('S3 XML bodies', () => {
  const deleteBody = (prolog: string, key: string) => `${prolog}<Delete><Object><Key>${key}</Key></Object></Delete>`;
  const completeBody = (prolog: string, etag: string) =>
    `${prolog}<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${etag}</ETag></Part></CompleteMultipartUpload>`;
  const bucketBody = (prolog: string, region: string) => `${prolog}<CreateBucketConfiguration><LocationConstraint>${region}</LocationConstraint></CreateBucketConfiguration>`;

  for (const [name, prolog, ref] of [
    ['billion laughs', LAUGHS, '&lol9;'],
    ['external entity (XXE)', XXE, '&xxe;'],
    ['internal DTD subset with a harmless entity', '<!DOCTYPE d [<!ENTITY k "keep">]>', '&k;'],
  ] as const) {
    test(`${name}: DeleteObjects, CompleteMultipartUpload and CreateBucket are MalformedXML 400, nothing changed`, async () => {
      const d = await s3Xml('POST', '/bombs', { delete: '' }, deleteBody(prolog, ref));
      assert.deepEqual([d.status, d.code], [400, 'MalformedXML'], d.text);
      const c = await s3Xml('POST', '/bombs/mp', { uploadId }, completeBody(prolog, ref === '&k;' ? '&k;' : partEtag));
      assert.deepEqual([c.status, c.code], [400, 'MalformedXML'], c.text);
      const b = await s3Xml('PUT', '/bombs-new', {}, bucketBody(prolog, ref));
      assert.deepEqual([b.status, b.code], [400, 'MalformedXML'], b.text);
      assert.equal((await sendS3(await signS3(server, 'GET', '/bombs/keep', server.root))).status, 200, 'the object is still there');
      assert.equal((await sendS3(await signS3(server, 'HEAD', '/bombs-new', server.root))).status, 404, 'no bucket was created');
    });
  }

  test('deep nesting (100,000 levels, within the size limit) is a 4xx, not a crash', async () => {
    const depth = 100_000;
    const body = `<Delete>${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}<Object><Key>keep</Key></Object></Delete>`;
    const r = await s3Xml('POST', '/bombs', { delete: '' }, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.code, 'MalformedXML');
    assert.equal((await sendS3(await signS3(server, 'GET', '/bombs/keep', server.root))).status, 200, 'nothing deleted');
  });

  test('a body over the document limit is refused without being parsed', async () => {
    const body = deleteBody('', 'x'.repeat(3 * 1024 * 1024));
    const r = await s3Xml('POST', '/bombs', { delete: '' }, body);
    assert.equal(r.status, 400, r.text);
    assert.equal(r.code, 'InvalidRequest');
  });

  test('the multipart upload was not completed by any of the above', async () => {
    const r = await sendS3(await signS3(server, 'GET', '/bombs/mp', server.root));
    assert.equal(r.status, 404);
    assert.equal(r.code, 'NoSuchKey');
  });
});

describe('JSON policies', () => {
  const deep = (n: number) => `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::bombs/*","Condition":{"StringEquals":{"aws:username":${'['.repeat(n)}"x"${']'.repeat(n)}}}}}`;

  test('bucket policy nested 9,000 deep (under 20 KB): MalformedPolicy 400', async () => {
    const body = deep(9_000);
    assert.ok(body.length < 20 * 1024);
    const r = await sendS3(await signS3(server, 'PUT', '/bombs', server.root, { body, query: { policy: '' } }));
    assert.equal(r.status, 400, r.text);
    assert.equal(r.code, 'MalformedPolicy');
    assert.equal((await sendS3(await signS3(server, 'GET', '/bombs', server.root, { query: { policy: '' } }))).code, 'NoSuchBucketPolicy');
  });

  test('bucket policy over 20 KB, and one of 20 KB of JSON whitespace: refused', async () => {
    const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bombs/*', Sid: 'x'.repeat(21 * 1024) }] });
    const r = await sendS3(await signS3(server, 'PUT', '/bombs', server.root, { body: big, query: { policy: '' } }));
    assert.equal(r.status, 400, r.text);
    const spaces = await sendS3(await signS3(server, 'PUT', '/bombs', server.root, { body: ' '.repeat(21 * 1024), query: { policy: '' } }));
    assert.equal(spaces.status, 400, spaces.text);
  });

  test('IAM managed policy nested 3,000 deep (under 6,144 characters): MalformedPolicyDocument 400', async () => {
    const iam = new IAMClient(sdkConfig(server));
    try {
      await assert.rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'deep', PolicyDocument: deep(2_900).replace('"Principal":"*",', '') })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(e.name, 'MalformedPolicyDocumentException', e.message);
        assert.equal(e.$metadata?.httpStatusCode, 400);
        return true;
      });
    } finally {
      iam.destroy();
    }
  });

  test('AssumeRole session policy nested deep and over its size: refused before any session is issued', async () => {
    const iam = new IAMClient(sdkConfig(server));
    const assumer = await adminWithKey(iam, 'assumer');
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] });
    const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'bomb-role', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
    const sts = new STSClient(sdkConfig(server, assumer));
    try {
      assert.ok(await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'control' })), 'the role can be assumed');
      const nested = deep(900).replace('"Principal":"*",', '');
      assert.ok(nested.length <= 2048);
      for (const [policy, code] of [[nested, 'MalformedPolicyDocument'], ['x'.repeat(100_000), 'ValidationError']] as const) {
        await assert.rejects(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bomb', Policy: policy })), (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
          assert.equal(e.$metadata?.httpStatusCode, 400, `${e.name}: ${e.message}`);
          assert.ok(e.name === code || e.name === `${code}Exception`, `${e.name}: ${e.message}`);
          return true;
        });
      }
    } finally {
      sts.destroy();
      iam.destroy();
    }
  });
});

describe('query protocol bodies', () => {
  test('a 3 MB form body is refused (413) and a 1.3 MB one of 150,000 parameters is an AWS error', async () => {
    const huge = `Action=GetCallerIdentity&Version=2011-06-15&x=${'a'.repeat(3 * 1024 * 1024)}`;
    const r = await send(await signQuery(server.url, 'sts', huge, server.root));
    assert.equal(r.status, 413);
    const many = `Action=GetCallerIdentity&Version=2011-06-15&${Array.from({ length: 150_000 }, (_, i) => `p${i}=1`).join('&')}`;
    assert.ok(many.length < 2 * 1024 * 1024);
    const m = await send(await signQuery(server.url, 'sts', many, server.root));
    assert.ok(m.status === 200 || (m.status >= 400 && m.status < 500), `${m.status} ${m.text.slice(0, 200)}`);
    if (m.status !== 200) assert.ok(queryError(m.text).code, m.text.slice(0, 200));
  });
});

test('after every bomb the server is up, and its memory grew by less than 128 MB', async () => {
  assert.ok(await healthy(server));
  const grown = (await rssOf(server)) - rssBefore;
  assert.ok(grown < 128 * 1024 * 1024, `RSS grew by ${Math.round(grown / 1048576)} MB`);
});
