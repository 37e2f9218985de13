/**
 * The policy grammar over the wire: every AWS-recorded CreatePolicy case (test/fixtures/aws-recorded-policies)
 * sent through the AWS SDK for JavaScript v3 and through boto3 gets AWS's answer byte for byte (created,
 * or MalformedPolicyDocument 400 with AWS's message); PutRolePolicy, CreateRole / UpdateAssumeRolePolicy
 * (trust policies) and S3's PutBucketPolicy (MalformedPolicy in S3's words) refuse with AWS's messages;
 * a refused document changes nothing.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListPoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketPolicyCommand, PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import { python, sdkConfig } from '../helpers/clients.js';
import { rejects, doc } from '../helpers/aws-errors.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

interface Case {
  name: string;
  document: string;
  expect: { valid?: true; error?: string };
}
const corpusFile = join(repoRoot, 'test/fixtures/aws-recorded-policies/aws-recorded.json');
const cases = JSON.parse(readFileSync(corpusFile, 'utf8')) as Case[];

let server: TestServer;
let iam: IAMClient;
let s3: S3Client;

before(async () => {
  server = await startServer({ args: ['--log', 'off'] });
  iam = new IAMClient(sdkConfig(server));
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
});
after(async () => {
  iam?.destroy();
  s3?.destroy();
  await server?.stop();
});

async function localPolicyNames(): Promise<string[]> {
  const r = await iam.send(new ListPoliciesCommand({ Scope: 'Local', MaxItems: 1000 }));
  return r.Policies!.map((p) => p.PolicyName!).sort();
}

describe('AWS-recorded CreatePolicy cases over the wire', () => {
  test('the AWS SDK for JavaScript v3: each case created or refused with the recorded message; refusals create nothing', async () => {
    const created: string[] = [];
    for (const [i, k] of cases.entries()) {
      const name = `js-${i}`;
      const call = iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: k.document }));
      if (k.expect.valid) {
        const r = await call;
        assert.equal(r.Policy?.PolicyName, name, k.name);
        created.push(name);
      } else {
        await rejects(call, 'MalformedPolicyDocument', 400, k.expect.error!);
      }
    }
    assert.equal(created.length, cases.filter((k) => k.expect.valid).length);
    assert.deepEqual((await localPolicyNames()).filter((n) => n.startsWith('js-')), created.sort());
  });

  test('boto3: each case created or refused with the recorded code, status and message', () => {
    const script = `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
out = []
for i, k in enumerate(json.load(open(os.environ['CORPUS']))):
    try:
        iam.create_policy(PolicyName='py-%d' % i, PolicyDocument=k['document'])
        out.append({'valid': True})
    except ClientError as e:
        out.append({'code': e.response['Error']['Code'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'error': e.response['Error']['Message']})
print(json.dumps(out))
`;
    const r = python(server, script, server.root, { CORPUS: corpusFile });
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout) as Array<{ valid?: true; code?: string; status?: number; error?: string }>;
    assert.equal(got.length, cases.length);
    for (const [i, k] of cases.entries()) {
      const want = k.expect.valid ? { valid: true } : { code: 'MalformedPolicyDocument', status: 400, error: k.expect.error };
      assert.deepEqual(got[i], want, `${k.name}: ${k.document}`);
    }
  });
});

describe('each caller applies its kind of policy', () => {
  const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  const inline = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });

  test('PutRolePolicy: refused with AWS messages; the stored inline policy is unchanged', async () => {
    await iam.send(createRole('grammar-role', trust));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'grammar-role', PolicyName: 'p', PolicyDocument: inline }));
    const bad: Array<[string, string]> = [
      [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:us-east-1::b' }), 'Resource arn:aws:s3:us-east-1::b can not contain region information.'],
      [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:iam:::b' }), 'IAM resource path must either be "*" or start with user/, federated-user/, role/, group/, instance-profile/, mfa/, server-certificate/, policy/, sms-mfa/, saml-provider/, oidc-provider/, report/, access-report/.'],
      [doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'Has prohibited field Principal'],
      [doc({ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }), 'The policy failed legacy parsing'],
    ];
    for (const [document, message] of bad) {
      await rejects(iam.send(new PutRolePolicyCommand({ RoleName: 'grammar-role', PolicyName: 'p', PolicyDocument: document })), 'MalformedPolicyDocument', 400, message);
      await rejects(iam.send(new PutRolePolicyCommand({ RoleName: 'grammar-role', PolicyName: 'q', PolicyDocument: document })), 'MalformedPolicyDocument', 400, message);
    }
    const stored = await iam.send(new GetRolePolicyCommand({ RoleName: 'grammar-role', PolicyName: 'p' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(stored.PolicyDocument!)), JSON.parse(inline));
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'grammar-role' }))).PolicyNames, ['p']);
  });

  test('CreateRole / UpdateAssumeRolePolicy: trust-policy refusals; no role created, the trust policy unchanged', async () => {
    const bad: Array<[string, string]> = [
      [doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal'],
      [doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }), 'Has prohibited field Resource'],
      [doc({ Effect: 'Allow', Principal: { AWS: 'not-an-account' }, Action: 'sts:AssumeRole' }), 'Invalid principal in policy: "AWS":"not-an-account"'],
      ['{"Version":"2012-10-17","Statement":', 'Syntax errors in policy.'],
    ];
    for (const [document, message] of bad) {
      await rejects(iam.send(createRole('grammar-never', document)), 'MalformedPolicyDocument', 400, message);
      await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'grammar-role', PolicyDocument: document })), 'MalformedPolicyDocument', 400, message);
    }
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'grammar-never' })), 'NoSuchEntity', 404);
    const role = await iam.send(new GetRoleCommand({ RoleName: 'grammar-role' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(role.Role!.AssumeRolePolicyDocument!)), JSON.parse(trust));
  });

  test('PutBucketPolicy: MalformedPolicy in S3 words; the bucket policy unchanged', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'grammar-bucket' }));
    const good = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::grammar-bucket/*' });
    await s3.send(new PutBucketPolicyCommand({ Bucket: 'grammar-bucket', Policy: good }));
    const bad: Array<[string, string]> = [
      [doc({ Effect: 'Allow', Principal: { AWS: 'not-an-account' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::grammar-bucket/*' }), 'Invalid principal in policy'],
      [doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'grammar-bucket' }), 'Policy has invalid resource'],
      [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::grammar-bucket/*' }), 'Missing required field Principal'],
      ['{"Version":"2012-10-17",', 'This policy contains invalid Json'],
      ['[]', "Policies must be valid JSON and the first byte must be '{'"],
    ];
    for (const [document, message] of bad) {
      await rejects(s3.send(new PutBucketPolicyCommand({ Bucket: 'grammar-bucket', Policy: document })), 'MalformedPolicy', 400, message);
    }
    const stored = await s3.send(new GetBucketPolicyCommand({ Bucket: 'grammar-bucket' }));
    assert.equal(stored.Policy, good);
  });

  test('boto3: the same refusals from PutRolePolicy, CreateRole and PutBucketPolicy', () => {
    const script = `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], config=boto3.session.Config(s3={'addressing_style': 'path'}))
def err(f, **kw):
    try:
        f(**kw)
        return None
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'], e.response['Error']['Message']]
d = lambda s: json.dumps({'Version': '2012-10-17', 'Statement': s})
print(json.dumps([
    err(iam.put_role_policy, RoleName='grammar-role', PolicyName='py', PolicyDocument=d({'Effect': 'Allow', 'Action': 'a a:Get', 'Resource': '*'})),
    err(iam.create_role, RoleName='grammar-py', AssumeRolePolicyDocument=d({'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'}, 'Action': 'sts:AssumeRole', 'Resource': '*'})),
    err(s3.put_bucket_policy, Bucket='grammar-bucket', Policy=d({'Effect': 'Allow', 'Principal': {'AWS': 'nobody'}, 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::grammar-bucket/*'})),
    err(iam.get_role, RoleName='grammar-py'),
    iam.list_role_policies(RoleName='grammar-role')['PolicyNames'],
]))
`;
    const r = python(server, script);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      ['MalformedPolicyDocument', 400, 'Vendor a a is not valid'],
      ['MalformedPolicyDocument', 400, 'Has prohibited field Resource'],
      ['MalformedPolicy', 400, 'Invalid principal in policy'],
      ['NoSuchEntity', 404, 'The role with name grammar-py cannot be found.'],
      ['p'],
    ]);
  });
});

function createRole(name: string, trustPolicy: string): CreateRoleCommand {
  return new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy });
}
