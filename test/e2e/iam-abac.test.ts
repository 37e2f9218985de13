/**
 * Attribute-based access control through the AWS SDK for JavaScript v3 against a real server: policy pairs on
 * one fixture — the tag matches → allowed, the tag differs → AccessDenied — for aws:PrincipalTag from an IAM
 * user's tags and from a role's tags (session tags winning on the same key, whatever its case), transitive
 * session tags through a role chain, sts:TagSession, aws:ResourceTag / iam:ResourceTag on IAM users, roles and
 * policies, aws:RequestTag / aws:TagKeys on TagUser and CreateRole. A tag change applies to the next request.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListRoleTagsCommand,
  ListUserTagsCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  TagRoleCommand,
  TagUserCommand,
  UntagUserCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetFederationTokenCommand, STSClient, type Tag as StsTag } from '@aws-sdk/client-sts';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, rejectsWith, startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { doc } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
let acct: string;

const s3 = (c: Creds) => new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });
const sts = (c: Creds) => new STSClient(sdkConfig(server, c));
const iamAs = (c: Creds) => new IAMClient(sdkConfig(server, c));
const list = (c: Creds, bucket: string) => s3(c).send(new ListObjectsV2Command({ Bucket: bucket }));
const listDenied = (c: Creds, bucket: string) => rejectsWith(list(c, bucket), 'AccessDenied', /not authorized to perform: s3:ListBucket/);
const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));

/** s3:ListBucket on the bucket named after the principal's team tag: `<team>-data`. */
const teamBucket = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}-data' };
const trustAccount = (actions: string[]) => [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: actions }];

async function role(name: string, trust: object[], inline: object[], roleTags: Record<string, string> = {}): Promise<string> {
  const r = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc(trust), Tags: tags(roleTags) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(inline) }));
  return r.Role!.Arn!;
}

/** A caller allowed sts:AssumeRole and sts:TagSession, and a role tagged team=blue that lists its team's bucket. */
async function teamFixture(userName: string, roleName: string): Promise<{ caller: Creds; arn: string }> {
  const caller = await userWithKey(iam, userName, [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }]);
  return { caller, arn: await role(roleName, trustAccount(['sts:AssumeRole', 'sts:TagSession']), [teamBucket], { team: 'blue' }) };
}

const assume = (c: Creds, RoleArn: string, sessionTags?: StsTag[], TransitiveTagKeys?: string[]) =>
  sts(c).send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'abac-session', ...(sessionTags ? { Tags: sessionTags } : {}), ...(TransitiveTagKeys ? { TransitiveTagKeys } : {}) }));

before(async () => {
  ({ server, iam } = await startIamServer());
  acct = server.accountId;
  for (const b of ['blue-data', 'red-data', 'x-data']) await s3(server.root).send(new CreateBucketCommand({ Bucket: b }));
});
after(() => server?.stop());

describe('aws:PrincipalTag from an IAM user\'s tags', () => {
  let alice: Creds;
  before(async () => {
    alice = await userWithKey(iam, 'alice', [teamBucket, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: tags({ team: 'blue' }) }));
  });

  test('tag matches → allowed; tag differs → AccessDenied; a TagUser applies to the next request', async () => {
    await list(alice, 'blue-data');
    await listDenied(alice, 'red-data');
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: tags({ team: 'red' }) }));
    await list(alice, 'red-data');
    await listDenied(alice, 'blue-data');
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }));
    await listDenied(alice, 'red-data');
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: tags({ team: 'blue' }) }));
  });

  test('the caller\'s tags reach a role\'s trust policy (aws:PrincipalTag in the trust conditions)', async () => {
    const arn = await role('blue-only', [{ ...trustAccount(['sts:AssumeRole'])[0], Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } } }], [teamBucket]);
    await assume(alice, arn);
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: tags({ team: 'red' }) }));
    await rejectsWith(assume(alice, arn), 'AccessDenied', /not authorized to perform: sts:AssumeRole/);
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: tags({ team: 'blue' }) }));
  });
});

describe('aws:PrincipalTag of a role session: the role\'s tags, session tags winning', () => {
  let caller: Creds;
  let arn: string;
  before(async () => {
    ({ caller, arn } = await teamFixture('assumer', 'team-role'));
  });

  test('the role\'s tag: its team bucket allowed, another AccessDenied', async () => {
    const c = credsOf(await assume(caller, arn));
    await list(c, 'blue-data');
    await listDenied(c, 'red-data');
  });

  test('a session tag with the same key in another case overrides the role\'s tag', async () => {
    const c = credsOf(await assume(caller, arn, [{ Key: 'Team', Value: 'red' }]));
    await list(c, 'red-data');
    await listDenied(c, 'blue-data');
  });

  test('TagRole applies to an existing session\'s next request', async () => {
    const c = credsOf(await assume(caller, arn));
    await iam.send(new TagRoleCommand({ RoleName: 'team-role', Tags: tags({ team: 'red' }) }));
    await list(c, 'red-data');
    await listDenied(c, 'blue-data');
    await iam.send(new TagRoleCommand({ RoleName: 'team-role', Tags: tags({ team: 'blue' }) }));
    await list(c, 'blue-data');
  });

  test('a role chain: transitive tags reach the next session; a non-transitive one does not', async () => {
    const first = await role('chain-1', trustAccount(['sts:AssumeRole', 'sts:TagSession']), [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' }]);
    const second = await role('chain-2', [{ Effect: 'Allow', Principal: { AWS: first }, Action: ['sts:AssumeRole', 'sts:TagSession'] }], [teamBucket]);
    const transitive = credsOf(await assume(caller, first, [{ Key: 'team', Value: 'x' }], ['team']));
    const chained = credsOf(await assume(transitive, second));
    await list(chained, 'x-data');
    await listDenied(chained, 'blue-data');
    const plain = credsOf(await assume(caller, first, [{ Key: 'team', Value: 'x' }]));
    const unchained = credsOf(await assume(plain, second));
    await listDenied(unchained, 'x-data');
  });

  test('session tags need sts:TagSession in the trust policy: without it the AssumeRole with tags is AccessDenied', async () => {
    const strict = await role('no-tag-session', trustAccount(['sts:AssumeRole']), [teamBucket], { team: 'blue' });
    await rejectsWith(assume(caller, strict, [{ Key: 'team', Value: 'red' }]), 'AccessDenied', /not authorized to perform: sts:TagSession/);
    const c = credsOf(await assume(caller, strict));
    await list(c, 'blue-data');
  });
});

describe('the same pairs through boto3 and the aws CLI', () => {
  let caller: Creds;
  let arn: string;
  before(async () => {
    ({ caller, arn } = await teamFixture('py-assumer', 'py-team-role'));
  });

  test('boto3: the role\'s tag and a session tag overriding it, each an allowed / AccessDenied pair', () => {
    const script = String.raw`
import boto3, json, os
from botocore.exceptions import ClientError
sts = boto3.client('sts', endpoint_url=os.environ['ENDPOINT'])
def outcome(creds, bucket):
    s3 = boto3.client('s3', endpoint_url=os.environ['ENDPOINT'], aws_access_key_id=creds['AccessKeyId'], aws_secret_access_key=creds['SecretAccessKey'], aws_session_token=creds['SessionToken'])
    try:
        s3.list_objects_v2(Bucket=bucket)
        return 'allowed'
    except ClientError as e:
        return e.response['Error']['Code']
plain = sts.assume_role(RoleArn=os.environ['ROLE'], RoleSessionName='py-plain')['Credentials']
tagged = sts.assume_role(RoleArn=os.environ['ROLE'], RoleSessionName='py-tagged', Tags=[{'Key': 'TEAM', 'Value': 'red'}])['Credentials']
print(json.dumps({'plain': [outcome(plain, 'blue-data'), outcome(plain, 'red-data')], 'tagged': [outcome(tagged, 'red-data'), outcome(tagged, 'blue-data')]}))
`;
    const r = python(server, script, caller, { ROLE: arn });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()!), { plain: ['allowed', 'AccessDenied'], tagged: ['allowed', 'AccessDenied'] });
  });

  test('aws CLI: assume-role --tags is refused by a trust policy without sts:TagSession, accepted without tags', async () => {
    const strict = await role('cli-no-tag-session', trustAccount(['sts:AssumeRole']), [teamBucket]);
    const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, 'sts', 'assume-role', '--role-arn', strict, '--role-session-name', 'cli', ...args, '--output', 'json'], caller);
    const refused = cli('--tags', 'Key=team,Value=red');
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /\(AccessDenied\) when calling the AssumeRole operation: .*not authorized to perform: sts:TagSession/);
    const ok = cli();
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(JSON.parse(ok.stdout).AssumedRoleUser.Arn, /assumed-role\/cli-no-tag-session\/cli$/);
  });
});

describe('aws:PrincipalTag of a federated user (GetFederationToken): the IAM user\'s tags, session tags winning', () => {
  const listAll = doc([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }]);
  const federate = (c: Creds, sessionTags?: StsTag[]) => sts(c).send(new GetFederationTokenCommand({ Name: 'fed', Policy: listAll, ...(sessionTags ? { Tags: sessionTags } : {}) }));
  let fed: Creds;
  before(async () => {
    fed = await userWithKey(iam, 'federator', [teamBucket, { Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }]);
    await iam.send(new TagUserCommand({ UserName: 'federator', Tags: tags({ team: 'blue' }) }));
  });

  test('the user\'s tag: its team bucket allowed, another AccessDenied', async () => {
    const c = credsOf(await federate(fed));
    await list(c, 'blue-data');
    await listDenied(c, 'red-data');
  });

  test('session tags need sts:TagSession in the user\'s policy; then a session tag overrides the user\'s tag', async () => {
    await rejectsWith(federate(fed, [{ Key: 'Team', Value: 'red' }]), 'AccessDenied', /not authorized to perform: sts:TagSession/);
    await iam.send(new PutUserPolicyCommand({ UserName: 'federator', PolicyName: 'tag', PolicyDocument: doc([{ Effect: 'Allow', Action: 'sts:TagSession', Resource: '*' }]) }));
    const c = credsOf(await federate(fed, [{ Key: 'Team', Value: 'red' }]));
    await list(c, 'red-data');
    await listDenied(c, 'blue-data');
  });
});

describe('aws:ResourceTag / iam:ResourceTag on IAM users, roles and policies', () => {
  let reader: Creds;
  before(async () => {
    const same = { StringEquals: { 'iam:ResourceTag/team': '${aws:PrincipalTag/team}' } };
    reader = await userWithKey(iam, 'reader', [
      { Effect: 'Allow', Action: ['iam:GetUser', 'iam:GetRole', 'iam:GetPolicy', 'iam:ListRoleTags'], Resource: '*', Condition: same },
      { Effect: 'Allow', Action: 'iam:ListUserTags', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
    ]);
    await iam.send(new TagUserCommand({ UserName: 'reader', Tags: tags({ team: 'blue' }) }));
    for (const team of ['blue', 'red']) {
      await iam.send(new CreateUserCommand({ UserName: `${team}-user`, Tags: tags({ team }) }));
      await iam.send(new CreateRoleCommand({ RoleName: `${team}-role`, AssumeRolePolicyDocument: doc(trustAccount(['sts:AssumeRole'])), Tags: tags({ team }) }));
      await iam.send(new CreatePolicyCommand({ PolicyName: `${team}-policy`, PolicyDocument: doc([teamBucket]), Tags: tags({ team }) }));
    }
  });

  test('users: the same team allowed, another AccessDenied', async () => {
    assert.equal((await iamAs(reader).send(new GetUserCommand({ UserName: 'blue-user' }))).User!.UserName, 'blue-user');
    await rejectsWith(iamAs(reader).send(new GetUserCommand({ UserName: 'red-user' })), 'AccessDenied', /iam:GetUser on resource: arn:aws:iam::\d+:user\/red-user/);
    assert.deepEqual((await iamAs(reader).send(new ListUserTagsCommand({ UserName: 'blue-user' }))).Tags, tags({ team: 'blue' }));
    await rejectsWith(iamAs(reader).send(new ListUserTagsCommand({ UserName: 'red-user' })), 'AccessDenied');
  });

  test('roles: the same team allowed, another AccessDenied', async () => {
    assert.equal((await iamAs(reader).send(new GetRoleCommand({ RoleName: 'blue-role' }))).Role!.RoleName, 'blue-role');
    await rejectsWith(iamAs(reader).send(new GetRoleCommand({ RoleName: 'red-role' })), 'AccessDenied', /iam:GetRole on resource: arn:aws:iam::\d+:role\/red-role/);
    assert.deepEqual((await iamAs(reader).send(new ListRoleTagsCommand({ RoleName: 'blue-role' }))).Tags, tags({ team: 'blue' }));
  });

  test('sts:AssumeRole on roles of the caller\'s own team (aws:ResourceTag = aws:PrincipalTag): allowed; another team AccessDenied', async () => {
    const picker = await userWithKey(iam, 'role-picker', [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } },
    ]);
    await iam.send(new TagUserCommand({ UserName: 'role-picker', Tags: tags({ team: 'blue' }) }));
    const roleArn = (team: string) => `arn:aws:iam::${acct}:role/${team}-role`;
    const r = await assume(picker, roleArn('blue'));
    assert.match(r.AssumedRoleUser!.Arn!, /assumed-role\/blue-role\/abac-session$/);
    await rejectsWith(assume(picker, roleArn('red')), 'AccessDenied', /not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d+:role\/red-role/);
  });

  test('customer managed policies: the same team allowed, another AccessDenied', async () => {
    const p = (team: string) => `arn:aws:iam::${acct}:policy/${team}-policy`;
    assert.equal((await iamAs(reader).send(new GetPolicyCommand({ PolicyArn: p('blue') }))).Policy!.PolicyName, 'blue-policy');
    await rejectsWith(iamAs(reader).send(new GetPolicyCommand({ PolicyArn: p('red') })), 'AccessDenied', /iam:GetPolicy on resource: arn:aws:iam::\d+:policy\/red-policy/);
  });
});

describe('aws:RequestTag / aws:TagKeys on TagUser and CreateRole', () => {
  let tagger: Creds;
  before(async () => {
    tagger = await userWithKey(iam, 'tagger', [
      {
        Effect: 'Allow',
        Action: 'iam:TagUser',
        Resource: '*',
        Condition: { StringEquals: { 'aws:RequestTag/team': '${aws:PrincipalTag/team}' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } },
      },
      { Effect: 'Allow', Action: 'iam:CreateRole', Resource: '*', Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' } } },
    ]);
    await iam.send(new TagUserCommand({ UserName: 'tagger', Tags: tags({ team: 'blue' }) }));
    await iam.send(new CreateUserCommand({ UserName: 'tag-target' }));
  });

  test('TagUser: the caller\'s own team allowed; another value or another key AccessDenied, and nothing changes', async () => {
    await iamAs(tagger).send(new TagUserCommand({ UserName: 'tag-target', Tags: tags({ team: 'blue' }) }));
    await rejectsWith(iamAs(tagger).send(new TagUserCommand({ UserName: 'tag-target', Tags: tags({ team: 'red' }) })), 'AccessDenied', /iam:TagUser/);
    await rejectsWith(iamAs(tagger).send(new TagUserCommand({ UserName: 'tag-target', Tags: tags({ team: 'blue', cost: '1' }) })), 'AccessDenied', /iam:TagUser/);
    assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'tag-target' }))).Tags, tags({ team: 'blue' }));
  });

  test('CreateRole: with the required request tag allowed; without it or with another value AccessDenied', async () => {
    const trust = doc(trustAccount(['sts:AssumeRole']));
    await iamAs(tagger).send(new CreateRoleCommand({ RoleName: 'made-blue', AssumeRolePolicyDocument: trust, Tags: tags({ team: 'blue' }) }));
    await rejectsWith(iamAs(tagger).send(new CreateRoleCommand({ RoleName: 'made-red', AssumeRolePolicyDocument: trust, Tags: tags({ team: 'red' }) })), 'AccessDenied', /iam:CreateRole/);
    await rejectsWith(iamAs(tagger).send(new CreateRoleCommand({ RoleName: 'made-none', AssumeRolePolicyDocument: trust })), 'AccessDenied', /iam:CreateRole/);
    await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'made-red' })), 'NoSuchEntityException');
  });
});
