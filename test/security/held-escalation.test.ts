/**
 * Privilege escalation: the classic IAM escalation paths, each tried by a low-privilege principal whose
 * policies do not allow it, through the AWS SDK against a real server. Every one is AccessDenied 403 naming
 * the action, and changes nothing (the principal's powers are checked again afterwards). Positive controls
 * show the same principal's allowed self-service calls succeed, so the refusals are the policies' doing.
 * Also: a permissions boundary caps what a self-granted policy can add; session policies and federation
 * tokens never widen a session; role chaining needs the next role's trust; a co-tenant account reaches
 * nothing of another account's IAM.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { doc, rejects } from '../helpers/aws-errors.js';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, startIamServer, userWithKey } from '../helpers/iam.js';
import { tesseraBin, type TestServer } from '../helpers/server.js';
import { totp } from './held-lib.js';

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const everything = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
let server: TestServer;
let root: IAMClient;
let A: string;
let low: Creds;
let lowIam: IAMClient;
let devPolicyArn: string;
let bossKeyId: string;
let bossMfaSerial: string;
const clients: Array<{ destroy(): void }> = [];
const iamAs = (c: Creds) => {
  const x = new IAMClient(sdkConfig(server, c));
  clients.push(x);
  return x;
};
const stsAs = (c: Creds) => {
  const x = new STSClient(sdkConfig(server, c));
  clients.push(x);
  return x;
};
const denied = (p: Promise<unknown>, action: string) => rejects(p, 'AccessDenied', 403, new RegExp(`not authorized to perform: ${action}\\b`));

before(async () => {
  ({ server, iam: root } = await startIamServer({ args: ['--log', 'off'], memory: false }));
  A = server.accountId;
  const trustAccount = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
  // The customer managed policy attached to "low": read-only IAM. A permissive v2 exists but is not default.
  devPolicyArn = (await root.send(new CreatePolicyCommand({ PolicyName: 'dev-policy', PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }) }))).Policy!.Arn!;
  await root.send(new CreatePolicyVersionCommand({ PolicyArn: devPolicyArn, PolicyDocument: everything, SetAsDefault: false }));
  low = await userWithKey(root, 'low', [
    { Sid: 'SelfService', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:ListAccessKeys', 'iam:ChangePassword'], Resource: `arn:aws:iam::${A}:user/\${aws:username}` },
    { Sid: 'AppRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/app-role` },
    { Sid: 'AdminRoleTry', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/admin-role` },
    { Sid: 'Federate', Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' },
  ]);
  await root.send(new AttachUserPolicyCommand({ UserName: 'low', PolicyArn: devPolicyArn }));
  lowIam = iamAs(low);
  await root.send(new CreateGroupCommand({ GroupName: 'devs' }));
  await root.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'low' }));
  await root.send(new CreateGroupCommand({ GroupName: 'admins' }));
  await root.send(new AttachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMIN }));
  const boss = await userWithKey(root, 'boss');
  bossKeyId = boss.accessKeyId;
  await root.send(new UpdateAccessKeyCommand({ UserName: 'boss', AccessKeyId: bossKeyId, Status: 'Inactive' }));
  await root.send(new CreateLoginProfileCommand({ UserName: 'boss', Password: 'Boss-Passw0rd!x' }));
  const device = (await root.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'boss-phone' }))).VirtualMFADevice!;
  bossMfaSerial = device.SerialNumber!;
  const seed = Buffer.from(device.Base32StringSeed!).toString('utf8');
  await root.send(new EnableMFADeviceCommand({ UserName: 'boss', SerialNumber: bossMfaSerial, AuthenticationCode1: await totp(seed, -30), AuthenticationCode2: await totp(seed) }));
  await root.send(new CreateRoleCommand({ RoleName: 'app-role', AssumeRolePolicyDocument: trustAccount }));
  await root.send(new PutRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: ['sts:AssumeRole', 'iam:GetUser'], Resource: '*' }) }));
  await root.send(new CreateRoleCommand({ RoleName: 'admin-role', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/boss` }, Action: 'sts:AssumeRole' }) }));
  await root.send(new AttachRolePolicyCommand({ RoleName: 'admin-role', PolicyArn: ADMIN }));
});
after(async () => {
  for (const c of clients) c.destroy();
  root?.destroy();
  await server?.stop();
});

/** low's powers, read back as the root sees them: unchanged by any refused call. */
async function lowUnchanged() {
  assert.deepEqual((await root.send(new ListUserPoliciesCommand({ UserName: 'low' }))).PolicyNames, ['p']);
  assert.deepEqual((await root.send(new ListAttachedUserPoliciesCommand({ UserName: 'low' }))).AttachedPolicies!.map((p) => p.PolicyName), ['dev-policy']);
  await denied(lowIam.send(new CreateUserCommand({ UserName: 'probe' })), 'iam:CreateUser');
}

describe('classic escalation paths, each refused for a principal not allowed it', () => {
  test('positive controls: low may read IAM and create its own access key', async () => {
    assert.equal((await lowIam.send(new GetUserCommand({ UserName: 'boss' }))).User!.UserName, 'boss');
    const k = await lowIam.send(new CreateAccessKeyCommand({}));
    assert.match(k.AccessKey!.AccessKeyId!, /^AKIA/);
  });

  const paths: Array<[string, string, () => Promise<unknown>]> = [
    ['new default version of a policy attached to self', 'iam:CreatePolicyVersion', () => lowIam.send(new CreatePolicyVersionCommand({ PolicyArn: devPolicyArn, PolicyDocument: everything, SetAsDefault: true }))],
    ['switch the default to a permissive old version', 'iam:SetDefaultPolicyVersion', () => lowIam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: devPolicyArn, VersionId: 'v2' }))],
    ['attach AdministratorAccess to self', 'iam:AttachUserPolicy', () => lowIam.send(new AttachUserPolicyCommand({ UserName: 'low', PolicyArn: ADMIN }))],
    ['inline policy on self', 'iam:PutUserPolicy', () => lowIam.send(new PutUserPolicyCommand({ UserName: 'low', PolicyName: 'x', PolicyDocument: everything }))],
    ['delete the inline policy that holds a Deny (or any)', 'iam:DeleteUserPolicy', () => lowIam.send(new DeleteUserPolicyCommand({ UserName: 'low', PolicyName: 'p' }))],
    ['attach a policy to own group', 'iam:AttachGroupPolicy', () => lowIam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: ADMIN }))],
    ['inline policy on own group', 'iam:PutGroupPolicy', () => lowIam.send(new PutGroupPolicyCommand({ GroupName: 'devs', PolicyName: 'x', PolicyDocument: everything }))],
    ['join the admins group', 'iam:AddUserToGroup', () => lowIam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'low' }))],
    ["an access key for another user", 'iam:CreateAccessKey', () => lowIam.send(new CreateAccessKeyCommand({ UserName: 'boss' }))],
    ["reactivate another user's key", 'iam:UpdateAccessKey', () => lowIam.send(new UpdateAccessKeyCommand({ UserName: 'boss', AccessKeyId: bossKeyId, Status: 'Active' }))],
    ["set another user's console password", 'iam:UpdateLoginProfile', () => lowIam.send(new UpdateLoginProfileCommand({ UserName: 'boss', Password: 'Taken-Over-1!x' }))],
    ['a console password for a user without one', 'iam:CreateLoginProfile', () => lowIam.send(new CreateLoginProfileCommand({ UserName: 'low', Password: 'Self-Made-1!xx' }))],
    ["remove another user's MFA device", 'iam:DeactivateMFADevice', () => lowIam.send(new DeactivateMFADeviceCommand({ UserName: 'boss', SerialNumber: bossMfaSerial }))],
    ["rewrite an admin role's trust policy", 'iam:UpdateAssumeRolePolicy', () => lowIam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'admin-role', PolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/low` }, Action: 'sts:AssumeRole' }) }))],
    ['widen an assumable role (attach)', 'iam:AttachRolePolicy', () => lowIam.send(new AttachRolePolicyCommand({ RoleName: 'app-role', PolicyArn: ADMIN }))],
    ['widen an assumable role (inline)', 'iam:PutRolePolicy', () => lowIam.send(new PutRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'x', PolicyDocument: everything }))],
    ['a new role trusting self', 'iam:CreateRole', () => lowIam.send(new CreateRoleCommand({ RoleName: 'mine', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/low` }, Action: 'sts:AssumeRole' }) }))],
    ['a new managed policy', 'iam:CreatePolicy', () => lowIam.send(new CreatePolicyCommand({ PolicyName: 'mine', PolicyDocument: everything }))],
    ['tag self to satisfy an ABAC condition', 'iam:TagUser', () => lowIam.send(new TagUserCommand({ UserName: 'low', Tags: [{ Key: 'team', Value: 'admins' }] }))],
    ['assume a role whose trust does not name the caller', 'sts:AssumeRole', () => stsAs(low).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/admin-role`, RoleSessionName: 'escalate' }))],
  ];
  for (const [name, action, call] of paths) {
    test(`${name}: AccessDenied (${action})`, async () => {
      await denied(call(), action);
    });
  }

  test('after all of the above, low has exactly the powers it had', async () => {
    await lowUnchanged();
    const boss = await root.send(new GetUserCommand({ UserName: 'boss' }));
    assert.equal(boss.User!.UserName, 'boss');
  });
});

describe('sessions never widen their source', () => {
  test('AssumeRole with a session policy of "*": the session still has only the role policy', async () => {
    const s = credsOf(await stsAs(low).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/app-role`, RoleSessionName: 'wide', Policy: everything })));
    await denied(iamAs(s).send(new CreateUserCommand({ UserName: 'from-session' })), 'iam:CreateUser');
    assert.equal((await iamAs(s).send(new GetUserCommand({ UserName: 'low' }))).User!.UserName, 'low');
  });

  test('role chaining needs the next role\'s trust: app-role may not become admin-role', async () => {
    const s = credsOf(await stsAs(low).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/app-role`, RoleSessionName: 'chain' })));
    await denied(stsAs(s).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/admin-role`, RoleSessionName: 'chain2' })), 'sts:AssumeRole');
  });

  test('GetFederationToken with a policy of "*": the federated user has no more than low (no S3), and no IAM at all', async () => {
    const f = credsOf(await stsAs(low).send(new GetFederationTokenCommand({ Name: 'fed', Policy: everything })));
    const s3 = new S3Client({ ...sdkConfig(server, f), forcePathStyle: true });
    clients.push(s3);
    await rejects(s3.send(new ListBucketsCommand({})), 'AccessDenied', 403);
    await rejects(iamAs(f).send(new GetUserCommand({ UserName: 'low' })), 'InvalidClientTokenId', 403); // as on AWS: no IAM with these
  });
});

describe('permissions boundaries hold against self-granted policies', () => {
  test('a user with iam:* on itself, bounded: its own PutUserPolicy("*") adds nothing outside the boundary', async () => {
    const bound = (await root.send(new CreatePolicyCommand({ PolicyName: 'bound', PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:PutUserPolicy', 'iam:GetUser'], Resource: '*' }) }))).Policy!.Arn!;
    const d = await userWithKey(root, 'delegate', [{ Effect: 'Allow', Action: 'iam:*', Resource: `arn:aws:iam::${A}:user/\${aws:username}` }]);
    await root.send(new PutUserPermissionsBoundaryCommand({ UserName: 'delegate', PermissionsBoundary: bound }));
    const di = iamAs(d);
    await di.send(new PutUserPolicyCommand({ UserName: 'delegate', PolicyName: 'grab', PolicyDocument: everything }));
    await denied(di.send(new CreateUserCommand({ UserName: 'by-delegate' })), 'iam:CreateUser');
    await denied(di.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'delegate' })), 'iam:DeleteUserPermissionsBoundary');
    await denied(di.send(new PutUserPermissionsBoundaryCommand({ UserName: 'delegate', PermissionsBoundary: ADMIN })), 'iam:PutUserPermissionsBoundary');
    await denied(di.send(new AttachUserPolicyCommand({ UserName: 'delegate', PolicyArn: ADMIN })), 'iam:AttachUserPolicy');
  });

  test('a delegated admin may create users only with the boundary (iam:PermissionsBoundary condition)', async () => {
    const bound = `arn:aws:iam::${A}:policy/bound`;
    const ops = await userWithKey(root, 'ops', [
      { Effect: 'Allow', Action: ['iam:CreateUser', 'iam:PutUserPermissionsBoundary'], Resource: '*', Condition: { StringEquals: { 'iam:PermissionsBoundary': bound } } },
    ]);
    const oi = iamAs(ops);
    await denied(oi.send(new CreateUserCommand({ UserName: 'unbounded' })), 'iam:CreateUser');
    await denied(oi.send(new CreateUserCommand({ UserName: 'admin-bounded', PermissionsBoundary: ADMIN })), 'iam:CreateUser');
    const u = await oi.send(new CreateUserCommand({ UserName: 'bounded', PermissionsBoundary: bound }));
    assert.equal(u.User!.PermissionsBoundary!.PermissionsBoundaryArn, bound);
    await denied(oi.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: ADMIN })), 'iam:PutUserPermissionsBoundary');
  });
});

describe('path-scoped delegation stays inside its path', () => {
  test('an admin of /dev/ users cannot reach, move in or move out a user elsewhere (rename needs both ARNs)', async () => {
    const scope = `arn:aws:iam::${A}:user/dev/*`;
    const pa = iamAs(await userWithKey(root, 'path-admin', [{ Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:UpdateUser', 'iam:PutUserPolicy'], Resource: scope }]));
    await root.send(new CreateUserCommand({ UserName: 'dev-user', Path: '/dev/' }));
    assert.match((await pa.send(new CreateAccessKeyCommand({ UserName: 'dev-user' }))).AccessKey!.AccessKeyId!, /^AKIA/, 'control: inside the path');
    await denied(pa.send(new CreateAccessKeyCommand({ UserName: 'boss' })), 'iam:CreateAccessKey');
    await denied(pa.send(new PutUserPolicyCommand({ UserName: 'boss', PolicyName: 'x', PolicyDocument: everything })), 'iam:PutUserPolicy');
    await denied(pa.send(new UpdateUserCommand({ UserName: 'boss', NewPath: '/dev/' })), 'iam:UpdateUser');
    await denied(pa.send(new UpdateUserCommand({ UserName: 'dev-user', NewPath: '/' })), 'iam:UpdateUser');
    await denied(pa.send(new UpdateUserCommand({ UserName: 'dev-user', NewPath: '/admins/', NewUserName: 'dev-user' })), 'iam:UpdateUser');
    await pa.send(new UpdateUserCommand({ UserName: 'dev-user', NewUserName: 'dev-user-2' }));
    assert.equal((await root.send(new GetUserCommand({ UserName: 'boss' }))).User!.Path, '/', 'boss did not move');
  });
});

describe('a co-tenant account', () => {
  let other: Creds;
  before(() => {
    const r = spawnSync(process.execPath, [tesseraBin, 'admin', 'create-account', '--data', server.dataDir, '--name', 'tenant-b'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const j = JSON.parse(r.stdout) as { AccessKeyId: string; SecretAccessKey: string };
    other = { accessKeyId: j.AccessKeyId, secretAccessKey: j.SecretAccessKey };
  });

  test("its root sees and changes none of account A's users, roles or policies", async () => {
    const b = iamAs(other);
    await rejects(b.send(new GetUserCommand({ UserName: 'boss' })), 'NoSuchEntity', 404);
    await rejects(b.send(new CreateAccessKeyCommand({ UserName: 'low' })), 'NoSuchEntity', 404);
    await rejects(b.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'admin-role', PolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'sts:AssumeRole' }) })), 'NoSuchEntity', 404);
    const bUser = await userWithKey(b, 'b-user', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    // A's customer managed policy is not attachable in B.
    await rejects(b.send(new AttachUserPolicyCommand({ UserName: 'b-user', PolicyArn: devPolicyArn })), 'NoSuchEntity', 404);
    await rejects(b.send(new PutUserPermissionsBoundaryCommand({ UserName: 'b-user', PermissionsBoundary: devPolicyArn })), 'NoSuchEntity', 404);
    // A's roles trust A only.
    await denied(stsAs(bUser).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A}:role/app-role`, RoleSessionName: 'cross' })), 'sts:AssumeRole');
  });
});
