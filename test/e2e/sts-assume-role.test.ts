/**
 * AssumeRole, GetSessionToken with MFA, GetFederationToken and revocation through the AWS SDK for
 * JavaScript v3 against a real server, IAM set up through IAM's own API.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, GetRoleCommand, GetUserCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, enabledMfaDevice, oathtoolCode as code, rejectsWith, startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { doc } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
let acct: string;

const sts = (c?: Creds) => new STSClient(sdkConfig(server, c ?? server.root));
const iamAs = (c: Creds) => new IAMClient(sdkConfig(server, c));
const user = (name: string, inline?: object[]) => userWithKey(iam, name, inline);
const mfaDevice = (userName: string) => enabledMfaDevice(iam, userName, `${userName}-mfa`);

async function role(name: string, trust: object[], inline: object[] = [], max?: number): Promise<string> {
  const r = await iam.send(
    new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: doc(trust), ...(max ? { MaxSessionDuration: max } : {}) }),
  );
  if (inline.length) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(inline) }));
  return r.Role!.Arn!;
}

const assumeAll = { Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: '*' };
const probe = { Effect: 'Allow', Action: 'sts:GetAccessKeyInfo', Resource: '*' };

before(async () => {
  ({ server, iam } = await startIamServer());
  acct = server.accountId;
});
after(() => server?.stop());

describe('AssumeRole', () => {
  let alice: Creds;
  let roleArn: string;
  before(async () => {
    alice = await user('alice', [assumeAll]);
    roleArn = await role('app', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }], [probe], 7200);
  });

  test('credentials, AssumedRoleUser, one hour by default, the role\'s permissions', async () => {
    const t0 = Date.now();
    const r = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'alice-session' }));
    const t1 = Date.now();
    assert.equal(r.AssumedRoleUser!.Arn, `arn:aws:sts::${acct}:assumed-role/app/alice-session`);
    assert.match(r.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]+:alice-session$/);
    assert.match(r.Credentials!.AccessKeyId!, /^ASIA/);
    const secs = (r.Credentials!.Expiration!.getTime() - t0) / 1000;
    // The expiry is rounded up to the whole second, from a moment between t0 and t1.
    assert.ok(secs > 3590 && secs <= 3601 + (t1 - t0) / 1000, String(secs));
    assert.equal(r.PackedPolicySize, undefined);
    const me = await sts(credsOf(r)).send(new GetCallerIdentityCommand({}));
    assert.equal(me.Arn, r.AssumedRoleUser!.Arn);
    assert.equal(me.UserId, r.AssumedRoleUser!.AssumedRoleId);
    assert.equal((await sts(credsOf(r)).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }))).Account, acct);
    // The role grants nothing on IAM.
    await rejectsWith(iamAs(credsOf(r)).send(new GetUserCommand({ UserName: 'alice' })), 'AccessDenied', /assumed-role\/app\/alice-session is not authorized to perform: iam:GetUser/);
  });

  test('GetRole\'s RoleLastUsed: empty until the role is assumed, then today\'s date and the region; a refused AssumeRole records nothing', async () => {
    const usedArn = await role('used', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:user/alice` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } } }]);
    const before = (await iam.send(new GetRoleCommand({ RoleName: 'used' }))).Role!;
    assert.ok(before.RoleLastUsed, 'RoleLastUsed is present');
    assert.equal(before.RoleLastUsed.LastUsedDate, undefined);
    assert.equal(before.RoleLastUsed.Region, undefined);
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: usedArn, RoleSessionName: 'ss' })), 'AccessDenied');
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'used' }))).Role!.RoleLastUsed!.LastUsedDate, undefined);

    await sts(alice).send(new AssumeRoleCommand({ RoleArn: usedArn, RoleSessionName: 'ss', ExternalId: 'ext-1' }));
    const after = (await iam.send(new GetRoleCommand({ RoleName: 'used' }))).Role!.RoleLastUsed!;
    assert.ok(after.LastUsedDate instanceof Date, 'LastUsedDate is a date');
    assert.equal(after.LastUsedDate.toISOString().slice(0, 10), new Date().toISOString().slice(0, 10));
    assert.equal(after.Region, 'us-east-1');
  });

  test('DurationSeconds: 900 up to MaxSessionDuration, ValidationError beyond', async () => {
    const ok = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss', DurationSeconds: 7200 }));
    assert.ok(ok.Credentials!.Expiration!.getTime() - Date.now() > 7190_000);
    await rejectsWith(
      sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss', DurationSeconds: 7201 })),
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss', DurationSeconds: 899 })), 'ValidationError');
  });

  test('the root user cannot assume a role; an unknown role is AccessDenied', async () => {
    await rejectsWith(sts().send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss' })), 'AccessDenied', 'Roles may not be assumed by root accounts.');
    await rejectsWith(
      sts(alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${acct}:role/nope`, RoleSessionName: 'ss' })),
      'AccessDenied',
      `User: arn:aws:iam::${acct}:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${acct}:role/nope because no role trust policy allows the sts:AssumeRole action`,
    );
  });

  test('a trust policy naming the account needs the caller\'s identity policy; naming the user directly does not', async () => {
    const bob = await user('bob');
    await rejectsWith(
      sts(bob).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'ss' })),
      'AccessDenied',
      `User: arn:aws:iam::${acct}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no identity-based policy allows the sts:AssumeRole action`,
    );
    const direct = await role('direct', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:user/bob` }, Action: 'sts:AssumeRole' }]);
    const r = await sts(bob).send(new AssumeRoleCommand({ RoleArn: direct, RoleSessionName: 'bb' }));
    assert.match(r.AssumedRoleUser!.Arn!, /assumed-role\/direct\/bb$/);
    const carol = await user('carol', [assumeAll]);
    await rejectsWith(
      sts(carol).send(new AssumeRoleCommand({ RoleArn: direct, RoleSessionName: 'cc' })),
      'AccessDenied',
      /because no role trust policy allows the sts:AssumeRole action|is not authorized to perform: sts:AssumeRole/,
    );
  });

  test('trust conditions: sts:ExternalId, sts:RoleSessionName, aws:RequestTag', async () => {
    const ext = await role('ext', [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${acct}:root` },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123', 'aws:RequestTag/team': 'blue' }, StringLike: { 'sts:RoleSessionName': 'ok-*' } },
      },
    ]);
    const base = { RoleArn: ext, RoleSessionName: 'ok-1', ExternalId: 'xyz-123', Tags: [{ Key: 'team', Value: 'blue' }] };
    await sts(alice).send(new AssumeRoleCommand(base));
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ ...base, ExternalId: 'other' })), 'AccessDenied');
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ ...base, RoleSessionName: 'bad-1' })), 'AccessDenied');
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ ...base, Tags: [{ Key: 'team', Value: 'red' }] })), 'AccessDenied');
  });

  test('session policies limit the session; PackedPolicySize; malformed and oversize policies', async () => {
    const limited = await sts(alice).send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'limited', Policy: doc([{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }]) }),
    );
    assert.ok(limited.PackedPolicySize! > 0 && limited.PackedPolicySize! <= 100);
    await rejectsWith(
      sts(credsOf(limited)).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId })),
      'AccessDenied',
      /because no session policy allows the sts:GetAccessKeyInfo action/,
    );
    const wide = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'wide', Policy: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }));
    await sts(credsOf(wide)).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }));
    await rejectsWith(iamAs(credsOf(wide)).send(new GetUserCommand({ UserName: 'alice' })), 'AccessDenied'); // session ∩ role
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mm', Policy: '{"Version":"2012-10-17"' })), 'MalformedPolicyDocumentException');
    await rejectsWith(
      sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mm', Policy: doc([{ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::' + 'x'.repeat(2100) }]) })),
      'ValidationError',
    );
    const eleven = Array.from({ length: 11 }, (_, i) => ({ arn: `arn:aws:iam::${acct}:policy/p${i}` }));
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mm', PolicyArns: eleven })), 'ValidationError');
    const manyTags = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}-${randomBytes(40).toString('hex')}`, Value: randomBytes(120).toString('hex') }));
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'mm', Tags: manyTags })), 'PackedPolicyTooLargeException');
  });

  test('role chaining: at most one hour; the chained session is the second role\'s', async () => {
    const second = await role('second', [{ Effect: 'Allow', Principal: { AWS: roleArn }, Action: 'sts:AssumeRole' }]);
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'chain', PolicyDocument: doc([probe, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: second }]) }));
    const first = credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'hop1', DurationSeconds: 7200 })));
    await rejectsWith(
      sts(first).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'hop2', DurationSeconds: 7200 })),
      'ValidationError',
      /1 hour session limit for roles assumed by role chaining/,
    );
    const t0 = Date.now();
    const hop2 = await sts(first).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'hop2' }));
    assert.ok(hop2.Credentials!.Expiration!.getTime() - t0 <= 3601_000);
    assert.equal((await sts(credsOf(hop2)).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${acct}:assumed-role/second/hop2`);
  });

  test('transitive session tags pass along a chain and cannot be overridden', async () => {
    const t1 = await role('tagged1', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: ['sts:AssumeRole', 'sts:TagSession'] }], [
      { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' },
    ]);
    const t2 = await role('tagged2', [
      { Effect: 'Allow', Principal: { AWS: t1 }, Action: ['sts:AssumeRole', 'sts:TagSession'], Condition: { StringEquals: { 'aws:PrincipalTag/project': 'x' } } },
    ]);
    const s1 = await sts(alice).send(
      new AssumeRoleCommand({ RoleArn: t1, RoleSessionName: 't1', Tags: [{ Key: 'project', Value: 'x' }, { Key: 'cost', Value: '1' }], TransitiveTagKeys: ['project'] }),
    );
    await sts(credsOf(s1)).send(new AssumeRoleCommand({ RoleArn: t2, RoleSessionName: 't2' }));
    await rejectsWith(
      sts(credsOf(s1)).send(new AssumeRoleCommand({ RoleArn: t2, RoleSessionName: 't2', Tags: [{ Key: 'project', Value: 'y' }] })),
      'InvalidParameterValue',
    );
  });

  test('revocation: a Deny on aws:TokenIssueTime ends older sessions at once, newer ones work', async () => {
    const old = credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'old' })));
    await sts(old).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }));
    await new Promise((r) => setTimeout(r, 1100));
    const cutoff = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'app',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: doc([{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }]),
      }),
    );
    await rejectsWith(sts(old).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId })), 'AccessDenied', /with an explicit deny in an identity-based policy/);
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'fresh' })));
    await sts(fresh).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }));
  });
});

describe('MFA', () => {
  let dave: Creds;
  let hank: Creds;
  let device: { serial: string; seed: string };
  let hankDevice: { serial: string; seed: string };
  let mfaRole: string;
  before(async () => {
    dave = await user('dave', [assumeAll, probe]);
    device = await mfaDevice('dave');
    hank = await user('hank', [assumeAll, probe, { Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }]);
    hankDevice = await mfaDevice('hank');
    mfaRole = await role('needs-mfa', [
      { Effect: 'Allow', Principal: { AWS: [`arn:aws:iam::${acct}:user/dave`, `arn:aws:iam::${acct}:user/hank`] }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } },
    ], [probe]);
  });

  test('wrong code, unknown serial, reused code: AWS\'s messages', async () => {
    const wrong = code(device.seed, 0) === '000000' ? '111111' : '000000';
    await rejectsWith(
      sts(dave).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'mm', SerialNumber: device.serial, TokenCode: wrong })),
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
    await rejectsWith(
      sts(dave).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'mm', SerialNumber: `arn:aws:iam::${acct}:mfa/other`, TokenCode: '123456' })),
      'AccessDenied',
      'MultiFactorAuthentication failed, unable to validate MFA code. Please verify your MFA serial number is valid and associated with this user.',
    );
    const next = code(device.seed, 30);
    await sts(dave).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'mm', SerialNumber: device.serial, TokenCode: next }));
    await rejectsWith(
      sts(dave).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'mm', SerialNumber: device.serial, TokenCode: next })),
      'AccessDenied',
      'MultiFactorAuthentication failed with invalid MFA one time pass code.',
    );
  });

  test('GetSessionToken with MFA: the trust condition holds in a later AssumeRole; IAM callable', async () => {
    await rejectsWith(sts(hank).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'xx' })), 'AccessDenied');
    // Without MFA: no IAM at all (InvalidClientTokenId), AssumeRole still without MFA context.
    const plain = credsOf(await sts(hank).send(new GetSessionTokenCommand({ DurationSeconds: 900 })));
    await rejectsWith(iamAs(plain).send(new GetUserCommand({})), 'InvalidClientTokenId');
    await rejectsWith(sts(plain).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'xx' })), 'AccessDenied');
    const withMfa = credsOf(await sts(hank).send(new GetSessionTokenCommand({ SerialNumber: hankDevice.serial, TokenCode: code(hankDevice.seed, 30) })));
    assert.equal((await iamAs(withMfa).send(new GetUserCommand({}))).User!.UserName, 'hank');
    const r = await sts(withMfa).send(new AssumeRoleCommand({ RoleArn: mfaRole, RoleSessionName: 'xx' }));
    assert.match(r.AssumedRoleUser!.Arn!, /assumed-role\/needs-mfa\/xx$/);
  });

  test('repeated failures are throttled', async () => {
    const eve = await user('eve', [assumeAll]);
    const d = await mfaDevice('eve');
    for (let i = 0; i < 5; i++) {
      await rejectsWith(sts(eve).send(new GetSessionTokenCommand({ SerialNumber: d.serial, TokenCode: '000000' === code(d.seed, 0) ? '111111' : '000000' })), 'AccessDenied');
    }
    await rejectsWith(
      sts(eve).send(new GetSessionTokenCommand({ SerialNumber: d.serial, TokenCode: code(d.seed, 30) })),
      'AccessDenied',
      /too many failed attempts/,
    );
  });
});

describe('GetFederationToken and DecodeAuthorizationMessage', () => {
  test('federated-user ARN and id; federated credentials may call no IAM and only GetCallerIdentity of STS', async () => {
    const fred = await user('fred', [{ Effect: 'Allow', Action: ['sts:GetFederationToken', 'sts:GetAccessKeyInfo'], Resource: '*' }]);
    const r = await sts(fred).send(new GetFederationTokenCommand({ Name: 'visitor', Policy: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]), DurationSeconds: 900 }));
    assert.equal(r.FederatedUser!.Arn, `arn:aws:sts::${acct}:federated-user/visitor`);
    assert.equal(r.FederatedUser!.FederatedUserId, `${acct}:visitor`);
    assert.ok(r.PackedPolicySize! > 0);
    const fc = credsOf(r);
    assert.equal((await sts(fc).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:sts::${acct}:federated-user/visitor`);
    await rejectsWith(sts(fc).send(new GetAccessKeyInfoCommand({ AccessKeyId: fred.accessKeyId })), 'AccessDenied', 'Cannot call GetAccessKeyInfo with session credentials');
    await rejectsWith(iamAs(fc).send(new GetUserCommand({ UserName: 'fred' })), 'InvalidClientTokenId');
    await rejectsWith(sts(fc).send(new GetFederationTokenCommand({ Name: 'again' })), 'AccessDenied');
    const nobody = await user('nobody');
    await rejectsWith(sts(nobody).send(new GetFederationTokenCommand({ Name: 'visitor' })), 'AccessDenied', /sts:GetFederationToken on resource: arn:aws:sts::\d+:federated-user\/visitor/);
  });

  test('DecodeAuthorizationMessage needs its permission and refuses what is not an encoded message', async () => {
    const gus = await user('gus');
    await rejectsWith(sts(gus).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'x' })), 'AccessDenied');
    await rejectsWith(sts().send(new DecodeAuthorizationMessageCommand({ EncodedMessage: 'not-a-message' })), 'InvalidAuthorizationMessageException');
  });
});
