/**
 * Managed and inline policies through the AWS SDK for JavaScript v3: documents stored as given and returned
 * URL-encoded, versions (5 at most, default switching), attachments (10 at most), AWS managed policies with
 * their real documents, sizes counted as AWS counts them, MalformedPolicyDocument with AWS's messages, and
 * seed 004's DenyAllExceptListedIfNoMFA accepted verbatim.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupPolicyCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  DeleteRolePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetGroupPolicyCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  ListGroupPoliciesCommand,
  ListPoliciesCommand,
  paginateListPolicies,
  ListPolicyVersionsCommand,
  ListRolePoliciesCommand,
  ListUserPoliciesCommand,
  PutGroupPolicyCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
  SetDefaultPolicyVersionCommand,
  GetAccountAuthorizationDetailsCommand,
} from '@aws-sdk/client-iam';
import { startIamServer } from '../helpers/iam.js';
import { DENY_ALL_EXCEPT_LISTED_IF_NO_MFA } from '../helpers/seeds.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
before(async () => {
  ({ server, iam } = await startIamServer());
  await iam.send(new CreateUserCommand({ UserName: 'pu' }));
  await iam.send(new CreateGroupCommand({ GroupName: 'pg' }));
  await iam.send(new CreateRoleCommand({ RoleName: 'pr', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }));
});
after(() => server?.stop());

const A = () => server.accountId;
const s3list = doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' });

describe('customer managed policies', () => {
  let arn = '';
  test('CreatePolicy: ANPA id, ARN with path, v1 default; document returned URL-encoded exactly as given', async () => {
    const r = await iam.send(new CreatePolicyCommand({ PolicyName: 'list-buckets', Path: '/app/', PolicyDocument: s3list, Description: 'd' }));
    arn = r.Policy!.Arn!;
    assert.equal(arn, `arn:aws:iam::${A()}:policy/app/list-buckets`);
    assert.match(r.Policy!.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
    assert.equal(r.Policy!.DefaultVersionId, 'v1');
    assert.equal(r.Policy!.AttachmentCount, 0);
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal(v.PolicyVersion!.Document, encodeURIComponent(s3list));
    assert.equal(decodeURIComponent(v.PolicyVersion!.Document!), s3list);
    assert.equal(v.PolicyVersion!.IsDefaultVersion, true);
    const g = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.equal(g.Policy!.PolicyName, 'list-buckets');
  });

  test('seed 004: DenyAllExceptListedIfNoMFA is accepted verbatim and stored as given', async () => {
    const r = await iam.send(new CreatePolicyCommand({ PolicyName: 'DenyAllExceptListedIfNoMFA', PolicyDocument: DENY_ALL_EXCEPT_LISTED_IF_NO_MFA }));
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: r.Policy!.Arn!, VersionId: 'v1' }));
    assert.equal(decodeURIComponent(v.PolicyVersion!.Document!), DENY_ALL_EXCEPT_LISTED_IF_NO_MFA);
    await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: r.Policy!.Arn! }));
    await iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: r.Policy!.Arn! }));
  });

  test('duplicate name: EntityAlreadyExists; unknown: NoSuchEntity', async () => {
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'list-buckets', PolicyDocument: s3list })), 'EntityAlreadyExists', 409, 'A policy called list-buckets already exists. Duplicate names are not allowed.');
    await rejects(iam.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${A()}:policy/none` })), 'NoSuchEntity', 404, `Policy arn:aws:iam::${A()}:policy/none was not found.`);
  });

  test('MalformedPolicyDocument with AWS messages', async () => {
    const bad = (d: string) => iam.send(new CreatePolicyCommand({ PolicyName: `bad${Math.random().toString(36).slice(2, 8)}`, PolicyDocument: d }));
    await rejects(bad('{not json'), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    await rejects(bad(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Bogus: 1 })), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    await rejects(bad(JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] })), 'MalformedPolicyDocument', 400, 'Policy document must be version 2012-10-17 or greater.');
    await rejects(bad(doc({ Effect: 'Maybe', Action: 's3:*', Resource: '*' })), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
    await rejects(bad(doc({ Effect: 'Allow', Resource: '*' })), 'MalformedPolicyDocument', 400, 'Policy statement must contain actions.');
    await rejects(bad(doc({ Effect: 'Allow', Action: 's3:*' })), 'MalformedPolicyDocument', 400, 'Policy statement must contain resources.');
    await rejects(bad(doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' })), 'MalformedPolicyDocument', 400, /prohibited field Principal/i);
    await rejects(bad(JSON.stringify({ Version: '2012-10-17', Statement: [], Foo: 1 })), 'MalformedPolicyDocument', 400, 'Syntax errors in policy.');
  });

  test('size: 6,144 non-whitespace characters at most (whitespace is free)', async () => {
    const actions = (n: number) => Array.from({ length: n }, (_, i) => `s3:GetObjectVersion${String(i).padStart(4, '0')}`);
    const big = doc({ Effect: 'Allow', Action: actions(260), Resource: '*' });
    assert.ok(big.replace(/\s/g, '').length > 6144);
    await rejects(iam.send(new CreatePolicyCommand({ PolicyName: 'big', PolicyDocument: big })), 'LimitExceeded', 409, 'Cannot exceed quota for PolicySize: 6144');
    const spacious = JSON.stringify(JSON.parse(doc({ Effect: 'Allow', Action: actions(150), Resource: '*' })), null, 10);
    assert.ok(spacious.length > 6144 && spacious.replace(/\s/g, '').length <= 6144);
    await iam.send(new CreatePolicyCommand({ PolicyName: 'spacious', PolicyDocument: spacious }));
  });

  test('versions: create, list, set default, at most 5, default not deletable, delete needs no extra versions', async () => {
    const v2 = await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }), SetAsDefault: true }));
    assert.equal(v2.PolicyVersion!.VersionId, 'v2');
    assert.equal(v2.PolicyVersion!.IsDefaultVersion, true);
    for (let i = 0; i < 3; i++) await iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: s3list }));
    await rejects(
      iam.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: s3list })),
      'LimitExceeded',
      409,
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    );
    const l = await iam.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
    assert.deepEqual(l.Versions!.map((v) => v.VersionId), ['v5', 'v4', 'v3', 'v2', 'v1']);
    assert.deepEqual(l.Versions!.filter((v) => v.IsDefaultVersion).map((v) => v.VersionId), ['v2']);
    await rejects(iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), 'DeleteConflict', 409, 'Cannot delete the default version of a policy.');
    await rejects(iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntity', 404);
    await iam.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v1');
    await rejects(
      iam.send(new DeletePolicyCommand({ PolicyArn: arn })),
      'DeleteConflict',
      409,
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    );
    for (const v of ['v2', 'v3', 'v4', 'v5']) await iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
  });

  test('attach to user, group and role; counts, ListEntitiesForPolicy, DeleteConflict while attached', async () => {
    await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'pg', PolicyArn: arn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
    assert.deepEqual((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'pu' }))).AttachedPolicies, [{ PolicyName: 'list-buckets', PolicyArn: arn }]);
    assert.equal((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'pg' }))).AttachedPolicies!.length, 1);
    assert.equal((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'pr' }))).AttachedPolicies!.length, 1);
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 3);
    const e = await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
    assert.deepEqual(e.PolicyUsers!.map((u) => u.UserName), ['pu']);
    assert.deepEqual(e.PolicyGroups!.map((g) => g.GroupName), ['pg']);
    assert.deepEqual(e.PolicyRoles!.map((r) => r.RoleName), ['pr']);
    assert.deepEqual((await iam.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }))).PolicyUsers, []);
    await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflict', 409, 'Cannot delete a policy attached to entities.');
    const only = await iam.send(new ListPoliciesCommand({ Scope: 'Local', OnlyAttached: true }));
    assert.deepEqual(only.Policies!.map((p) => p.PolicyName), ['list-buckets']);
    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'LocalManagedPolicy'] }));
    assert.deepEqual(details.UserDetailList!.find((u) => u.UserName === 'pu')!.AttachedManagedPolicies, [{ PolicyName: 'list-buckets', PolicyArn: arn }]);
    assert.ok(details.Policies!.some((p) => p.Arn === arn && p.PolicyVersionList!.length === 1));
    await iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
    await iam.send(new DetachGroupPolicyCommand({ GroupName: 'pg', PolicyArn: arn }));
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn }));
    await rejects(iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arn })), 'NoSuchEntity', 404, `Policy ${arn} was not found.`);
    await iam.send(new DeletePolicyCommand({ PolicyArn: arn }));
    await rejects(iam.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntity', 404);
  });

  test('attach: unknown policy NoSuchEntity, bad ARN InvalidInput, unknown entity NoSuchEntity, 10 at most', async () => {
    await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: `arn:aws:iam::${A()}:policy/ghost` })), 'NoSuchEntity', 404, `Policy arn:aws:iam::${A()}:policy/ghost does not exist or is not attachable.`);
    await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: 'arn:aws:s3:::bucket-x-1' })), 'InvalidInput', 400);
    await rejects(iam.send(new AttachUserPolicyCommand({ UserName: 'ghost', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
    const arns: string[] = [];
    for (let i = 0; i < 11; i++) arns.push((await iam.send(new CreatePolicyCommand({ PolicyName: `p${i}`, PolicyDocument: s3list }))).Policy!.Arn!);
    for (let i = 0; i < 10; i++) await iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arns[i] }));
    await rejects(iam.send(new AttachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arns[10] })), 'LimitExceeded', 409, 'Cannot exceed quota for PoliciesPerRole: 10');
    for (let i = 0; i < 10; i++) await iam.send(new DetachRolePolicyCommand({ RoleName: 'pr', PolicyArn: arns[i] }));
  });
});

describe('AWS managed policies', () => {
  test('their real documents; listed under Scope AWS; attachable; not deletable', async () => {
    const names: string[] = [];
    for await (const page of paginateListPolicies({ client: iam }, { Scope: 'AWS' })) names.push(...page.Policies!.map((p) => p.PolicyName!));
    for (const n of ['AdministratorAccess', 'PowerUserAccess', 'ReadOnlyAccess', 'IAMFullAccess', 'IAMReadOnlyAccess', 'IAMUserChangePassword', 'AmazonS3FullAccess', 'AmazonS3ReadOnlyAccess']) {
      assert.ok(names.includes(n), n);
    }
    const arn = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';
    const p = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
    assert.equal(p.Policy!.DefaultVersionId, 'v3');
    const v = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(v.PolicyVersion!.Document!)), {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }],
    });
    const admin = await iam.send(new GetPolicyVersionCommand({ PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess', VersionId: 'v1' }));
    assert.deepEqual(JSON.parse(decodeURIComponent(admin.PolicyVersion!.Document!)).Statement, [{ Effect: 'Allow', Action: '*', Resource: '*' }]);
    await iam.send(new AttachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
    assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.AttachmentCount, 1);
    await rejects(iam.send(new DeletePolicyCommand({ PolicyArn: arn })), 'InvalidInput', 400);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'pu', PolicyArn: arn }));
    await rejects(iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchAwsPolicy' })), 'NoSuchEntity', 404);
  });
});

describe('inline policies', () => {
  test('user, group and role: put / get (URL-encoded) / list / delete', async () => {
    const d = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
    await iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'a', PolicyDocument: d }));
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'pg', PolicyName: 'b', PolicyDocument: d }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'pr', PolicyName: 'c', PolicyDocument: d }));
    const u = await iam.send(new GetUserPolicyCommand({ UserName: 'pu', PolicyName: 'a' }));
    assert.equal(u.PolicyDocument, encodeURIComponent(d));
    assert.equal(u.UserName, 'pu');
    assert.equal((await iam.send(new GetGroupPolicyCommand({ GroupName: 'pg', PolicyName: 'b' }))).GroupName, 'pg');
    assert.equal((await iam.send(new GetRolePolicyCommand({ RoleName: 'pr', PolicyName: 'c' }))).RoleName, 'pr');
    assert.deepEqual((await iam.send(new ListUserPoliciesCommand({ UserName: 'pu' }))).PolicyNames, ['a']);
    assert.deepEqual((await iam.send(new ListGroupPoliciesCommand({ GroupName: 'pg' }))).PolicyNames, ['b']);
    assert.deepEqual((await iam.send(new ListRolePoliciesCommand({ RoleName: 'pr' }))).PolicyNames, ['c']);
    await rejects(iam.send(new GetUserPolicyCommand({ UserName: 'pu', PolicyName: 'zz' })), 'NoSuchEntity', 404, 'The user policy with name zz cannot be found.');
    await rejects(iam.send(new DeleteRolePolicyCommand({ RoleName: 'pr', PolicyName: 'zz' })), 'NoSuchEntity', 404, 'The role policy with name zz cannot be found.');
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'pg', PolicyName: 'b' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'pr', PolicyName: 'c' }));
    await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'm', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*' }) })), 'MalformedPolicyDocument', 400);
  });

  test('inline quotas per entity: user 2,048, group 5,120, role 10,240 (all inline policies together)', async () => {
    const withSize = (n: number) => {
      const base = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::X' });
      return base.replace('X', 'x'.repeat(n - base.length + 1));
    };
    // 'a' (from the previous test) already counts for the user.
    const d1500 = withSize(1500);
    assert.equal(d1500.replace(/\s/g, '').length, 1500);
    await iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'big1', PolicyDocument: d1500 }));
    await rejects(iam.send(new PutUserPolicyCommand({ UserName: 'pu', PolicyName: 'big2', PolicyDocument: withSize(600) })), 'LimitExceeded', 409, 'Maximum policy size of 2048 bytes exceeded for user pu');
    await rejects(iam.send(new PutGroupPolicyCommand({ GroupName: 'pg', PolicyName: 'g', PolicyDocument: withSize(5121) })), 'LimitExceeded', 409, 'Maximum policy size of 5120 bytes exceeded for group pg');
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'pg', PolicyName: 'g', PolicyDocument: withSize(5120) }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'pr', PolicyName: 'r', PolicyDocument: withSize(10240) }));
    await rejects(iam.send(new PutRolePolicyCommand({ RoleName: 'pr', PolicyName: 'r2', PolicyDocument: withSize(200) })), 'LimitExceeded', 409, 'Maximum policy size of 10240 bytes exceeded for role pr');
    // Replacing a policy counts the new document instead of the old one.
    await iam.send(new PutRolePolicyCommand({ RoleName: 'pr', PolicyName: 'r', PolicyDocument: withSize(9000) }));
  });
});
