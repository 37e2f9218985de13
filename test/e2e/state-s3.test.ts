/**
 * State files and a bucket's configuration: versioning, default encryption, CORS, lifecycle, Object Lock,
 * public access block and object ownership applied at `serve --init`, read back through the aws CLI
 * (get-bucket-versioning, get-bucket-encryption, get-bucket-cors, get-bucket-lifecycle-configuration,
 * get-object-lock-configuration, ...) and boto3; `export-state` writes the same sections back; re-applying
 * is a no-op; a section S3 would refuse is refused naming file:line, and nothing is applied.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parse } from 'yaml';
import { awsCli, python } from '../helpers/clients.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';

const ACCOUNT = '123456789012';
const work = mkdtempSync(join(tmpdir(), 'tessera-state-s3-'));
const stateFile = join(work, 'state.yaml');

const STATE = `accounts:
  - id: "${ACCOUNT}"
    buckets:
      - name: cfg-locked
        versioning: Enabled
        encryption: { SSEAlgorithm: AES256, BucketKeyEnabled: true }
        cors:
          - ID: web
            AllowedHeaders: ["*"]
            AllowedMethods: [GET, PUT]
            AllowedOrigins: ["https://app.example.test"]
            ExposeHeaders: [ETag]
            MaxAgeSeconds: 3000
          - AllowedMethods: [HEAD]
            AllowedOrigins: ["*"]
        lifecycle:
          - ID: expire-logs
            Filter: { Prefix: logs/ }
            Status: Enabled
            Expiration: { Days: 30 }
            NoncurrentVersionExpiration: { NoncurrentDays: 7, NewerNoncurrentVersions: 2 }
          - ID: abort-uploads
            Filter: { And: { Prefix: tmp/, ObjectSizeGreaterThan: 10 } }
            Status: Disabled
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }
        objectLock:
          ObjectLockEnabled: Enabled
          Rule: { DefaultRetention: { Mode: GOVERNANCE, Days: 1 } }
        publicAccessBlock: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: false }
        objectOwnership: BucketOwnerPreferred
      - name: cfg-suspended
        versioning: Suspended
        lifecycle:
          - { Filter: { Prefix: old/ }, Status: Enabled, Expiration: { Days: 90 } }
`;

type Doc = { accounts: Array<{ id: string; buckets: Array<Record<string, unknown>> }> };
const fileBuckets = (text: string) => parse(text) as Doc;

function tessera(args: string[]) {
  const r = spawnSync(process.execPath, [tesseraBin, ...args], { encoding: 'utf8', timeout: 60_000, env: process.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let server: TestServer;
let dataDir: string;
const s3api = (...args: string[]) => {
  const r = awsCli(server, ['--endpoint-url', server.url, 's3api', ...args]);
  return { ...r, json: r.status === 0 && r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
};
const exportJson = (dir: string) => {
  const r = tessera(['export-state', '--data', dir, '--account-id', ACCOUNT, '--json']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
};
const exportedBuckets = (dir: string) => (JSON.parse(exportJson(dir)) as Doc).accounts.find((a) => a.id === ACCOUNT)!.buckets;

before(async () => {
  writeFileSync(stateFile, STATE);
  dataDir = join(work, 'data');
  server = await startServer({ dataDir, accountId: ACCOUNT, args: ['--init', stateFile, '--log', 'off'] });
});
after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('serve --init: a bucket configuration, read back through the aws CLI and boto3', () => {
  const want = fileBuckets(STATE).accounts[0]!.buckets[0]!;

  test('versioning, default encryption, CORS, lifecycle and Object Lock are what the file says (aws CLI)', () => {
    assert.deepEqual(s3api('get-bucket-versioning', '--bucket', 'cfg-locked').json, { Status: 'Enabled' });
    assert.deepEqual(s3api('get-bucket-versioning', '--bucket', 'cfg-suspended').json, { Status: 'Suspended' });
    assert.deepEqual(s3api('get-bucket-encryption', '--bucket', 'cfg-locked').json, {
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] },
    });
    assert.deepEqual(s3api('get-bucket-cors', '--bucket', 'cfg-locked').json, { CORSRules: want.cors });
    assert.deepEqual(s3api('get-bucket-lifecycle-configuration', '--bucket', 'cfg-locked').json?.Rules, want.lifecycle);
    assert.deepEqual(s3api('get-object-lock-configuration', '--bucket', 'cfg-locked').json, { ObjectLockConfiguration: want.objectLock });
    // A rule without an ID gets one (derived from the rule, so a second apply keeps it).
    const rules = s3api('get-bucket-lifecycle-configuration', '--bucket', 'cfg-suspended').json?.Rules as Array<{ ID: string; Expiration: unknown }>;
    assert.equal(rules.length, 1);
    assert.match(rules[0]!.ID, /^[A-Za-z0-9_-]{32}$/);
    assert.deepEqual(rules[0]!.Expiration, { Days: 90 });
    // What the file leaves out is not configured.
    const noCors = s3api('get-bucket-cors', '--bucket', 'cfg-suspended');
    assert.notEqual(noCors.status, 0);
    assert.match(noCors.stderr, /NoSuchCORSConfiguration/);
    const noLock = s3api('get-object-lock-configuration', '--bucket', 'cfg-suspended');
    assert.match(noLock.stderr, /ObjectLockConfigurationNotFoundError/);
  });

  test('public access block and ownership controls (boto3); the Object Lock default retention applies to a new object', () => {
    const r = python(
      server,
      `import boto3, json, os
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'])
put = s3.put_object(Bucket='cfg-locked', Key='k', Body=b'x', ChecksumAlgorithm='CRC32')
head = s3.head_object(Bucket='cfg-locked', Key='k')
print(json.dumps({
  'pab': s3.get_public_access_block(Bucket='cfg-locked')['PublicAccessBlockConfiguration'],
  'pabLeftOut': s3.get_public_access_block(Bucket='cfg-suspended')['PublicAccessBlockConfiguration'],
  'ownership': s3.get_bucket_ownership_controls(Bucket='cfg-locked')['OwnershipControls']['Rules'],
  'versioned': put.get('VersionId') not in (None, 'null'),
  'lock': head.get('ObjectLockMode'),
  'sse': head.get('ServerSideEncryption'),
}))`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      pab: want.publicAccessBlock,
      // A bucket whose file says nothing of it gets S3's default for new buckets, all four on.
      pabLeftOut: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      ownership: [{ ObjectOwnership: 'BucketOwnerPreferred' }],
      versioned: true,
      lock: 'GOVERNANCE',
      sse: 'AES256',
    });
  });
});

describe('apply and export-state: the configuration round-trips', () => {
  test('export-state writes the file\'s sections back; re-applying changes nothing; apply of the export into an empty store exports the same', () => {
    const buckets = exportedBuckets(dataDir);
    // The object boto3 put above is exported too; the rest is the file's bucket.
    const { objects, ...locked } = buckets.find((b) => b.name === 'cfg-locked')!;
    assert.deepEqual(locked, fileBuckets(STATE).accounts[0]!.buckets[0]);
    assert.deepEqual((objects as Array<{ key: string }>).map((o) => o.key), ['k']);
    const again = tessera(['apply', stateFile, '--data', dataDir, '--account-id', ACCOUNT]);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).changes, 0);

    const exported = join(work, 'export.yaml');
    assert.equal(tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT, '--output', exported]).status, 0);
    const copy = join(work, 'copy');
    const applied = tessera(['apply', exported, '--data', copy, '--account-id', ACCOUNT]);
    assert.equal(applied.status, 0, applied.stderr);
    const strip = (bs: Array<Record<string, unknown>>) => bs.map(({ objects: _o, ...b }) => b);
    assert.deepEqual(strip(exportedBuckets(copy)), strip(buckets));
    assert.equal(JSON.parse(tessera(['apply', exported, '--data', copy, '--account-id', ACCOUNT]).stdout).changes, 0);
  });

  test('a changed file: CORS removed, encryption removed, retention changed, ownership back to BucketOwnerEnforced (aws CLI)', () => {
    const copy = join(work, 'changed');
    assert.equal(tessera(['apply', stateFile, '--data', copy, '--account-id', ACCOUNT]).status, 0);
    const text = STATE.replace(/ {8}cors:\n( {10}.*\n)+/, '')
      .replace(/ {8}encryption: .*\n/, '')
      .replace('Mode: GOVERNANCE, Days: 1', 'Mode: COMPLIANCE, Years: 2')
      .replace(/ {8}objectOwnership: .*\n/, '');
    const changed = join(work, 'changed.yaml');
    writeFileSync(changed, text);
    const r = tessera(['apply', changed, '--data', copy, '--account-id', ACCOUNT]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).changes, 4);
    const locked = exportedBuckets(copy).find((b) => b.name === 'cfg-locked')!;
    assert.deepEqual(locked, fileBuckets(text).accounts[0]!.buckets[0]);
    assert.equal(locked.cors, undefined);
    assert.deepEqual(locked.objectLock, { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Years: 2 } } });
  });

  const lineOf = (text: string, marker: string) => text.slice(0, text.indexOf(marker)).split('\n').length;
  const bucket = (body: string) => `accounts:\n  - id: "${ACCOUNT}"\n    buckets:\n      - name: cfg-new\n${body}`;
  const bad: Array<[string, string, string, RegExp]> = [
    ['a CORS rule with no AllowedMethods', bucket('        cors:\n          - AllowedMethods: [GET]\n            AllowedOrigins: ["*"]\n          - AllowedOrigins: ["*"]\n'), '- AllowedOrigins', /cors: MalformedXML/],
    ['a CORS method S3 does not know', bucket('        cors:\n          - { AllowedMethods: [PATCH], AllowedOrigins: ["*"] }\n'), '- { AllowedMethods', /cors: InvalidRequest: Found unsupported HTTP method in CORS config. Unsupported method is PATCH/],
    ['a lifecycle rule with Days 0', bucket('        lifecycle:\n          - ID: ok\n            Filter: {}\n            Status: Enabled\n            Expiration: { Days: 1 }\n          - ID: zero\n            Filter: {}\n            Status: Enabled\n            Expiration: { Days: 0 }\n'), '- ID: zero', /lifecycle: InvalidArgument: 'Days' must be a positive integer/],
    ['lifecycle rules with the same ID', bucket('        lifecycle:\n          - { ID: a, Filter: {}, Status: Enabled, Expiration: { Days: 1 } }\n          - { ID: a, Filter: {}, Status: Enabled, Expiration: { Days: 2 } }\n'), '- { ID: a', /lifecycle: InvalidArgument: Rule ID must be unique/],
    ['an unknown field in a lifecycle rule', bucket('        lifecycle:\n          - ID: a\n            Status: Enabled\n            Expiry: { Days: 1 }\n'), 'Expiry', /lifecycle: unknown field "Expiry"/],
    ['a Transition (Tessera stores STANDARD only)', bucket('        lifecycle:\n          - { ID: a, Filter: {}, Status: Enabled, Transitions: [{ Days: 30, StorageClass: GLACIER }] }\n'), '- { ID: a', /lifecycle: NotImplemented/],
    ['versioning neither Enabled nor Suspended', bucket('        versioning: On\n'), 'versioning: On', /versioning: MalformedXML/],
    ['KMS default encryption', bucket('        encryption: { SSEAlgorithm: "aws:kms" }\n'), 'encryption:', /encryption: NotImplemented/],
    ['an Object Lock retention of 0 days', bucket('        objectLock: { ObjectLockEnabled: Enabled, Rule: { DefaultRetention: { Mode: GOVERNANCE, Days: 0 } } }\n'), 'objectLock:', /objectLock: InvalidArgument: Default retention period must be a positive integer value/],
    ['Object Lock with versioning Suspended', bucket('        versioning: Suspended\n        objectLock: { ObjectLockEnabled: Enabled }\n'), 'versioning: Suspended', /InvalidBucketState/],
    ['a public access block setting that is not true/false', bucket('        publicAccessBlock: { BlockPublicAcls: maybe }\n'), 'publicAccessBlock:', /publicAccessBlock: MalformedXML/],
    ['an object ownership S3 does not know', bucket('        objectOwnership: Everyone\n'), 'objectOwnership:', /objectOwnership: InvalidArgument: Invalid Object Ownership value/],
    ['turning versioning off on a versioned bucket', `accounts:\n  - id: "${ACCOUNT}"\n    buckets:\n      - name: cfg-suspended\n`, '- name: cfg-suspended', /cannot be unversioned/],
    ['disabling Object Lock', `accounts:\n  - id: "${ACCOUNT}"\n    buckets:\n      - name: cfg-locked\n        versioning: Enabled\n`, '- name: cfg-locked', /Object Lock enabled: it cannot be disabled/],
  ];
  for (const [what, yaml, marker, message] of bad) {
    test(`${what}: refused naming file:line, nothing applied`, () => {
      const before = exportJson(dataDir);
      const file = join(work, 'bad.yaml');
      // A good bucket before the bad one: it is not created either.
      writeFileSync(file, yaml.replace('    buckets:\n', '    buckets:\n      - name: cfg-innocent\n        versioning: Enabled\n'));
      const text = yaml.replace('    buckets:\n', '    buckets:\n      - name: cfg-innocent\n        versioning: Enabled\n');
      const r = tessera(['apply', file, '--data', dataDir, '--account-id', ACCOUNT]);
      assert.equal(r.status, 1, r.stdout);
      assert.ok(r.stderr.includes(`${file}:${lineOf(text, marker)}: `), `${r.stderr} (expected line ${lineOf(text, marker)})`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(exportJson(dataDir), before);
      assert.match(s3api('head-bucket', '--bucket', 'cfg-innocent').stderr, /404|Not Found/);
    });
  }
});
