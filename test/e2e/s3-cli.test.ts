/**
 * S3 through boto3 and the aws CLI, unchanged: the seeds' listings (ListBuckets, ListObjects v1 and v2,
 * `aws s3 ls`), `aws s3 cp` and `aws s3 sync` with a 200 MiB file (the CLI uploads it in multipart),
 * presigned GET and PUT URLs (boto3's default SigV2 and s3v4), their expiry, and refusals as the CLI prints
 * them.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, python } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let work: string;
before(async () => {
  server = await startServer();
  work = mkdtempSync(join(tmpdir(), 'tessera-s3-cli-'));
});
after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, ...args]);
const ok = (r: { status: number | null; stdout: string; stderr: string }) => {
  assert.equal(r.status, 0, r.stderr + r.stdout);
  return r.stdout;
};

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}

describe('boto3', () => {
  test('the seeds: create, put, list buckets, list objects v1 and v2 (paginated), get, delete', () => {
    const r = python(server, `
import boto3, json, os
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
s3.create_bucket(Bucket='boto-seeds')
for i in range(25):
    s3.put_object(Bucket='boto-seeds', Key='reports/%02d.txt' % i, Body=b'report %d' % i, Metadata={'n': str(i)})
names = [b['Name'] for b in s3.list_buckets()['Buckets']]
v1 = [o['Key'] for o in s3.list_objects(Bucket='boto-seeds', Prefix='reports/')['Contents']]
pages = list(s3.get_paginator('list_objects_v2').paginate(Bucket='boto-seeds', PaginationConfig={'PageSize': 10}))
v2 = [o['Key'] for p in pages for o in p.get('Contents', [])]
body = s3.get_object(Bucket='boto-seeds', Key='reports/07.txt')
out = {'names': names, 'v1': len(v1), 'v2': len(v2), 'pages': len(pages), 'body': body['Body'].read().decode(), 'meta': body['Metadata']}
try:
    s3.get_object(Bucket='boto-seeds', Key='nope')
except s3.exceptions.NoSuchKey as e:
    out['nosuchkey'] = e.response['Error']['Code']
s3.delete_object(Bucket='boto-seeds', Key='reports/07.txt')
out['after'] = s3.list_objects_v2(Bucket='boto-seeds')['KeyCount']
print(json.dumps(out))
`);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.ok(j.names.includes('boto-seeds'));
    assert.equal(j.v1, 25);
    assert.equal(j.v2, 25);
    assert.equal(j.pages, 3);
    assert.equal(j.body, 'report 7');
    assert.deepEqual(j.meta, { n: '7' });
    assert.equal(j.nosuchkey, 'NoSuchKey');
    assert.equal(j.after, 24);
  });

  test('presigned URLs: SigV2 (the default) and s3v4, GET and PUT; expired and tampered ones refused', () => {
    const r = python(server, `
import boto3, json, os, time, requests
from botocore.config import Config
out = {}
for name, cfg in (('v2', Config()), ('v4', Config(signature_version='s3v4'))):
    s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=cfg)
    if name == 'v2':
        s3.create_bucket(Bucket='presign')
    key = 'dir/file %s+x.txt' % name
    put = s3.generate_presigned_url('put_object', Params={'Bucket': 'presign', 'Key': key}, ExpiresIn=600)
    p = requests.put(put, data=b'via presigned ' + name.encode())
    get = s3.generate_presigned_url('get_object', Params={'Bucket': 'presign', 'Key': key}, ExpiresIn=600)
    g = requests.get(get)
    short = s3.generate_presigned_url('get_object', Params={'Bucket': 'presign', 'Key': key}, ExpiresIn=1)
    time.sleep(2.2)
    e = requests.get(short)
    t = requests.get(get.replace('presigned', 'presigneX') if 'presigned' in get else get[:-3] + 'AAA')
    week = s3.generate_presigned_url('get_object', Params={'Bucket': 'presign', 'Key': key}, ExpiresIn=604800)
    w = requests.get(week)
    out[name] = {'auth': 'X-Amz-Credential' in get, 'put': p.status_code, 'get': g.status_code, 'body': g.text,
                 'expired': [e.status_code, e.text], 'tampered': t.status_code, 'week': w.status_code, 'url': get}
print(json.dumps(out))
`);
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.v2.auth, false, 'boto3 presigns S3 with SigV2 by default');
    assert.equal(j.v4.auth, true);
    for (const v of ['v2', 'v4']) {
      assert.equal(j[v].put, 200, v);
      assert.equal(j[v].get, 200, v);
      assert.equal(j[v].body, `via presigned ${v}`);
      assert.equal(j[v].expired[0], 403, v);
      assert.match(j[v].expired[1], /<Code>AccessDenied<\/Code><Message>Request has expired/);
      assert.equal(j[v].tampered, 403, v);
      assert.equal(j[v].week, 200, v);
    }
  });

  test('a presigned URL beyond 7 days is refused', () => {
    const r = python(server, `
import boto3, os, requests
from botocore.config import Config
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=Config(signature_version='s3v4'))
u = s3.generate_presigned_url('get_object', Params={'Bucket': 'presign', 'Key': 'x'}, ExpiresIn=604801)
r = requests.get(u)
print(r.status_code, r.text)
`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^400 .*AuthorizationQueryParametersError.*X-Amz-Expires must be less than a week/s);
  });
});

describe('the aws CLI', () => {
  test('aws s3 mb / ls / cp / rm, and a refusal as the CLI prints it', () => {
    ok(cli('s3', 'mb', 's3://cli-bucket'));
    assert.match(ok(cli('s3', 'ls')), /cli-bucket/);
    const f = join(work, 'small.txt');
    writeFileSync(f, 'small file\n');
    ok(cli('s3', 'cp', f, 's3://cli-bucket/a/small.txt'));
    assert.match(ok(cli('s3', 'ls', 's3://cli-bucket/a/')), /\s11 small\.txt/);
    assert.equal(ok(cli('s3', 'cp', 's3://cli-bucket/a/small.txt', '-')), 'small file\n');
    const missing = cli('s3api', 'get-object', '--bucket', 'cli-bucket', '--key', 'missing', join(work, 'x'));
    assert.equal(missing.status, 255);
    assert.match(missing.stderr, /An error occurred \(NoSuchKey\) when calling the GetObject operation: The specified key does not exist\./);
    const denied = awsCli(server, ['--endpoint-url', server.url, 's3', 'ls'], { accessKeyId: 'AKIANOTAKEY000000000', secretAccessKey: 'x' });
    assert.equal(denied.status, 255);
    assert.match(denied.stderr, /InvalidAccessKeyId/);
  });

  test('seed 004: aws sts get-session-token, then aws s3 ls with the three AWS_* variables', () => {
    const t = JSON.parse(ok(cli('sts', 'get-session-token', '--duration-seconds', '900'))).Credentials;
    const temp = { accessKeyId: t.AccessKeyId, secretAccessKey: t.SecretAccessKey, sessionToken: t.SessionToken };
    const ls = awsCli(server, ['--endpoint-url', server.url, 's3', 'ls'], temp);
    assert.equal(ls.status, 0, ls.stderr);
    assert.match(ls.stdout, /cli-bucket/);
    const objects = awsCli(server, ['--endpoint-url', server.url, 's3', 'ls', 's3://cli-bucket/a/'], temp);
    assert.match(objects.stdout, /small\.txt/);
  });

  test('aws s3 cp and aws s3 sync with a 200 MiB file (multipart) come back byte-identical', async () => {
    const up = join(work, 'up');
    const down = join(work, 'down');
    mkdirSync(join(up, 'nested'), { recursive: true });
    const big = join(up, 'nested', 'big.bin');
    const fd = openSync(big, 'w');
    const block = randomBytes(1 << 20);
    for (let i = 0; i < 200; i++) {
      block[0] = i;
      writeSync(fd, block);
    }
    closeSync(fd);
    writeFileSync(join(up, 'small.txt'), 'small');
    ok(cli('s3', 'sync', up, 's3://cli-bucket/sync/'));
    const head = JSON.parse(ok(cli('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'sync/nested/big.bin')));
    assert.equal(head.ContentLength, 200 * 1024 * 1024);
    assert.match(head.ETag, /^"[0-9a-f]{32}-\d+"$/, 'the CLI uploaded it in multipart');
    ok(cli('s3', 'sync', 's3://cli-bucket/sync/', down));
    assert.equal(await sha256File(join(down, 'nested', 'big.bin')), await sha256File(big));
    assert.equal(readFileSync(join(down, 'small.txt'), 'utf8'), 'small');
    // A second sync has nothing to do.
    assert.equal(ok(cli('s3', 'sync', up, 's3://cli-bucket/sync/')).trim(), '');
    ok(cli('s3', 'cp', big, 's3://cli-bucket/cp/big.bin'));
    ok(cli('s3', 'cp', 's3://cli-bucket/cp/big.bin', join(work, 'big.copy')));
    assert.equal(await sha256File(join(work, 'big.copy')), await sha256File(big));
    // Server-side copy of a large object: the CLI uses UploadPartCopy with byte ranges.
    ok(cli('s3', 'mb', 's3://cli-bucket-2'));
    ok(cli('s3', 'cp', 's3://cli-bucket/cp/big.bin', 's3://cli-bucket-2/copied.bin'));
    const copied = JSON.parse(ok(cli('s3api', 'head-object', '--bucket', 'cli-bucket-2', '--key', 'copied.bin')));
    assert.match(copied.ETag, /-\d+"$/, 'copied in parts');
    ok(cli('s3', 'cp', 's3://cli-bucket-2/copied.bin', join(work, 'big.copy2')));
    assert.equal(await sha256File(join(work, 'big.copy2')), await sha256File(big));
  });
});
