/**
 * Tessera's own analyses — who can reach a resource, and escalation paths to administrator — through the
 * `tessera who-can` / `tessera escalation-paths` commands against a real server, each answer checked
 * against the live allow/deny of real calls on the same fixture: every principal named can do it (directly,
 * or by assuming the named role, with MFA where the answer says so), every principal not named is refused;
 * every escalation path named works when its calls are made, and a principal with none is refused each step.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { AttachUserPolicyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, enabledMfaDevice, keyCredsOf, oathtoolCode, startIamServer, userWithKey } from '../helpers/iam.js';
import { tesseraBin, type TestServer } from '../helpers/server.js';
import { CreateAccessKeyCommand } from '@aws-sdk/client-iam';

const OBJECT = 'arn:aws:s3:::data/report.csv';

function tessera(server: TestServer, args: string[], c: Creds = server.root): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [tesseraBin, ...args, '--endpoint-url', server.url], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: '/nonexistent', AWS_ACCESS_KEY_ID: c.accessKeyId, AWS_SECRET_ACCESS_KEY: c.secretAccessKey, AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const canGet = async (server: TestServer, c: Creds): Promise<boolean> => {
  try {
    await new S3Client({ ...sdkConfig(server, c), forcePathStyle: true }).send(new GetObjectCommand({ Bucket: 'data', Key: 'report.csv' }));
    return true;
  } catch (e) {
    assert.equal((e as { name: string }).name, 'AccessDenied');
    return false;
  }
};

describe('who can reach it, and escalation paths', () => {
  let server: TestServer;
  let iam: IAMClient;
  const users: Record<string, Creds> = {};
  let bobMfa: { serial: string; seed: string };
  let roleArn = '';

  before(async () => {
    ({ server, iam } = await startIamServer());
    const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
    await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
    await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'report.csv', Body: 'numbers' }));
    const acct = server.accountId;
    users.alice = await userWithKey(iam, 'alice', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]);
    users.bob = await userWithKey(iam, 'bob');
    users.carol = await userWithKey(iam, 'carol');
    users.dave = await userWithKey(iam, 'dave', [
      { Effect: 'Allow', Action: 's3:*', Resource: '*' },
      { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
    ]);
    bobMfa = await enabledMfaDevice(iam, 'bob', 'bob-mfa');
    const trust = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:user/carol` }, Action: 'sts:AssumeRole' },
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:user/bob` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
      ],
    };
    roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(trust) }))).Role!.Arn!;
    await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] }) }));
    // Escalation fixture: eve may rewrite her own inline policy; frank may mint keys for the admin; gina may do neither.
    await iam.send(new CreateUserCommand({ UserName: 'root-admin' }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'root-admin', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
    users['root-admin'] = keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: 'root-admin' })));
    users.eve = await userWithKey(iam, 'eve', [{ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: `arn:aws:iam::${acct}:user/eve` }]);
    users.frank = await userWithKey(iam, 'frank', [{ Effect: 'Allow', Action: 'iam:CreateAccessKey', Resource: `arn:aws:iam::${acct}:user/root-admin` }]);
    users.gina = await userWithKey(iam, 'gina', [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }]);
  });
  after(async () => {
    await server?.stop();
  });

  test('who-can s3:GetObject: the named principals can, the others are refused (live calls)', async () => {
    const r = tessera(server, ['who-can', '--action', 's3:GetObject', '--resource', OBJECT]);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { principals: { principal: string; principalType: string; mfaRequired: boolean; allowedBy: string[]; assumableBy?: { principal: string; mfaRequired: boolean }[] }[] };
    const acct = server.accountId;
    const named = new Map(out.principals.map((p) => [p.principal, p]));
    assert.deepEqual([...named.keys()].sort(), [`arn:aws:iam::${acct}:role/reader`, `arn:aws:iam::${acct}:user/alice`, `arn:aws:iam::${acct}:user/root-admin`].sort());
    assert.equal(named.get(`arn:aws:iam::${acct}:user/alice`)!.mfaRequired, false);
    assert.match(named.get(`arn:aws:iam::${acct}:user/alice`)!.allowedBy[0]!, /^identity-based .*statement 0/);
    const role = named.get(roleArn)!;
    assert.deepEqual(role.assumableBy!.map((a) => [a.principal, a.mfaRequired]).sort(), [[`arn:aws:iam::${acct}:user/bob`, true], [`arn:aws:iam::${acct}:user/carol`, false]].sort());

    // Live: each user named directly can; each user not named directly is refused.
    for (const [name, c] of Object.entries(users)) {
      const isNamed = named.has(`arn:aws:iam::${acct}:user/${name}`);
      assert.equal(await canGet(server, c), isNamed, `${name}: named=${isNamed}`);
    }
    // Live: carol through the role without MFA; bob only with MFA; a user not named as an assumer is refused.
    const sts = (c: Creds) => new STSClient(sdkConfig(server, c));
    const carolRole = credsOf(await sts(users.carol!).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'carol' })));
    assert.equal(await canGet(server, carolRole), true);
    await assert.rejects(sts(users.bob!).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bob' })), (e: Error) => e.name === 'AccessDenied');
    // The next window's code: the current one may already have been spent enabling the device (single use).
    const bobRole = credsOf(await sts(users.bob!).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'bob', SerialNumber: bobMfa.serial, TokenCode: oathtoolCode(bobMfa.seed, 30) })));
    assert.equal(await canGet(server, bobRole), true);
    // root-admin may do anything itself, but the trust policy names neither it nor the account: not an assumer.
    for (const name of ['alice', 'dave', 'eve', 'frank', 'gina', 'root-admin']) {
      await assert.rejects(sts(users[name]!).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'someone' })), (e: Error) => e.name === 'AccessDenied', name);
    }
  });

  test('escalation-paths: each named path works when its calls are made; a principal with none is refused each step', async () => {
    const acct = server.accountId;
    const paths = (user: string) => {
      const r = tessera(server, ['escalation-paths', '--principal', `arn:aws:iam::${acct}:user/${user}`]);
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as { administrator: boolean; paths: { via: string; becomes: string; calls: string[] }[] };
    };
    assert.equal(paths('root-admin').administrator, true);
    const eve = paths('eve');
    assert.deepEqual(eve.paths.map((p) => p.via), ['iam:PutUserPolicy']);
    assert.match(eve.paths[0]!.calls[0]!, /^aws iam put-user-policy --user-name 'eve' --policy-name escalate --policy-document /);
    const frank = paths('frank');
    assert.deepEqual(frank.paths.map((p) => [p.via, p.becomes]), [['iam:CreateAccessKey', `arn:aws:iam::${acct}:user/root-admin`]]);
    assert.deepEqual(paths('gina').paths, []);

    // Live: eve's path makes her an administrator; frank's gives him the admin's keys; gina is refused both.
    const iamAs = (c: Creds) => new IAMClient(sdkConfig(server, c));
    await assert.rejects(iamAs(users.eve!).send(new CreateUserCommand({ UserName: 'by-eve' })), (e: Error) => e.name === 'AccessDenied');
    await iamAs(users.eve!).send(new PutUserPolicyCommand({ UserName: 'eve', PolicyName: 'escalate', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }));
    await iamAs(users.eve!).send(new CreateUserCommand({ UserName: 'by-eve' }));
    const adminKey = keyCredsOf(await iamAs(users.frank!).send(new CreateAccessKeyCommand({ UserName: 'root-admin' })));
    await iamAs(adminKey).send(new CreateUserCommand({ UserName: 'by-frank' }));
    await assert.rejects(iamAs(users.gina!).send(new PutUserPolicyCommand({ UserName: 'gina', PolicyName: 'x', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' })), (e: Error) => e.name === 'AccessDenied');
    await assert.rejects(iamAs(users.gina!).send(new CreateAccessKeyCommand({ UserName: 'root-admin' })), (e: Error) => e.name === 'AccessDenied');
    // And the analysis now sees eve as an administrator.
    assert.equal(paths('eve').administrator, true);
  });

  test('refusals: a caller without iam:GetAccountAuthorizationDetails; a bad action', () => {
    const r = tessera(server, ['who-can', '--action', 's3:GetObject', '--resource', OBJECT], users.gina!);
    assert.equal(r.status, 254, r.stderr);
    assert.match(r.stderr, /An error occurred \(AccessDeniedException\) when calling the WhoCan operation: User: arn:aws:iam::\d+:user\/gina is not authorized to perform: iam:GetAccountAuthorizationDetails/);
    const bad = tessera(server, ['who-can', '--action', 'nope', '--resource', OBJECT]);
    assert.equal(bad.status, 254);
    assert.match(bad.stderr, /An error occurred \(ValidationException\) when calling the WhoCan operation: 1 validation error detected: Value 'nope' at 'action'/);
  });
});
