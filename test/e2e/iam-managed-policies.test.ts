/**
 * The AWS managed policies Tessera ships (src/services/iam/managed/), through the JS SDK and boto3: listed
 * under Scope AWS page by page (PathPrefix /job-function/ included), read with AWS's version ids, attached
 * by ARN (path included), and enforced: a user with AmazonS3ReadOnlyAccess lists and reads but cannot put.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AttachUserPolicyCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListAttachedUserPoliciesCommand, ListPoliciesCommand, paginateListPolicies } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

test('Scope AWS: at least 200 policies, paged; the job-function path; PathPrefix', async () => {
  const all: { PolicyName?: string; Path?: string; Arn?: string; DefaultVersionId?: string }[] = [];
  for await (const page of paginateListPolicies({ client: iam, pageSize: 100 }, { Scope: 'AWS' })) all.push(...page.Policies!);
  assert.ok(all.length >= 200, `${all.length} AWS managed policies`);
  assert.equal(new Set(all.map((p) => p.Arn)).size, all.length, 'no policy twice across pages');
  for (const n of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'SecurityAudit', 'IAMFullAccess', 'AmazonS3ReadOnlyAccess', 'AmazonEC2FullAccess', 'AWSLambdaBasicExecutionRole', 'ViewOnlyAccess']) {
    assert.ok(all.some((p) => p.PolicyName === n), n);
  }
  const jobs = (await iam.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }))).Policies!;
  assert.ok(jobs.length >= 5);
  assert.ok(jobs.every((p) => p.Path === '/job-function/' && p.Arn === `arn:aws:iam::aws:policy/job-function/${p.PolicyName}`));
  assert.ok(jobs.some((p) => p.PolicyName === 'ViewOnlyAccess'));
});

test('GetPolicy / GetPolicyVersion: AWS\'s version id and the whole document (ReadOnlyAccess is no longer trimmed)', async () => {
  const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
  const p = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
  assert.match(p.DefaultVersionId!, /^v\d+$/);
  assert.ok(p.CreateDate instanceof Date && p.UpdateDate! >= p.CreateDate);
  const v = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: p.DefaultVersionId }))).PolicyVersion!;
  assert.equal(v.IsDefaultVersion, true);
  const d = JSON.parse(decodeURIComponent(v.Document!)) as { Version: string; Statement: { Action: string[] }[] };
  assert.equal(d.Version, '2012-10-17');
  const actions = d.Statement.flatMap((s) => s.Action);
  for (const a of ['ec2:Describe*', 'dynamodb:List*', 's3:Get*', 'iam:List*']) assert.ok(actions.includes(a), a);
});

test('attached by ARN with its path; AmazonS3ReadOnlyAccess enforced (boto3): list and get allowed, put AccessDenied', async () => {
  await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'managed-ro' }));
  await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new PutObjectCommand({ Bucket: 'managed-ro', Key: 'k', Body: 'hello' }));
  const ro: Creds = await userWithKey(iam, 'ro');
  await iam.send(new AttachUserPolicyCommand({ UserName: 'ro', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'ro', PolicyArn: 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess' }));
  const attached = (await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'ro' }))).AttachedPolicies!.map((p) => p.PolicyArn).sort();
  assert.deepEqual(attached, ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess']);
  const r = python(server, `
import boto3, botocore, json, os
s3 = boto3.client("s3", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1", config=botocore.config.Config(s3={"addressing_style": "path"}))
out = {"buckets": [b["Name"] for b in s3.list_buckets()["Buckets"]], "body": s3.get_object(Bucket="managed-ro", Key="k")["Body"].read().decode()}
try:
    s3.put_object(Bucket="managed-ro", Key="new", Body=b"x"); out["put"] = "allowed"
except botocore.exceptions.ClientError as e:
    out["put"] = [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
print(json.dumps(out))
`, ro);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { buckets: ['managed-ro'], body: 'hello', put: ['AccessDenied', 403] });
});
