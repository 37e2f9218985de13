/** Roles, groups and permissions boundaries through the AWS SDK for JavaScript v3. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DetachRolePolicyCommand,
  GetGroupCommand,
  GetRoleCommand,
  GetUserCommand,
  IAMClient,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  RemoveUserFromGroupCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  CreateAccessKeyCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { sdkConfig } from '../helpers/clients.js';
import { startIamServer } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

const A = () => server.accountId;
const trust = () => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A()}:root` }, Action: 'sts:AssumeRole' });

describe('roles', () => {
  test('CreateRole: AROA id, path, trust policy URL-encoded, MaxSessionDuration, tags, boundary', async () => {
    const r = await iam.send(
      new CreateRoleCommand({
        RoleName: 'app',
        Path: '/svc/',
        AssumeRolePolicyDocument: trust(),
        Description: 'the app',
        MaxSessionDuration: 7200,
        PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess',
        Tags: [{ Key: 'k', Value: 'v' }],
      }),
    );
    assert.equal(r.Role!.Arn, `arn:aws:iam::${A()}:role/svc/app`);
    assert.match(r.Role!.RoleId!, /^AROA[A-Z2-7]{17}$/);
    const g = (await iam.send(new GetRoleCommand({ RoleName: 'APP' }))).Role!;
    assert.equal(g.AssumeRolePolicyDocument, encodeURIComponent(trust()));
    assert.equal(g.MaxSessionDuration, 7200);
    assert.equal(g.Description, 'the app');
    assert.deepEqual(g.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    assert.deepEqual(g.Tags, [{ Key: 'k', Value: 'v' }]);
    assert.ok(g.RoleLastUsed);
  });

  test('refusals: duplicate, unknown, MaxSessionDuration out of range, trust policy without Principal, bad boundary', async () => {
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'app', AssumeRolePolicyDocument: trust() })), 'EntityAlreadyExists', 409, 'Role with name app already exists.');
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'ghost' })), 'NoSuchEntity', 404, 'The role with name ghost cannot be found.');
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 3599 })), 'ValidationError', 400, /greater than or equal to 3600/);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: trust(), MaxSessionDuration: 43201 })), 'ValidationError', 400, /less than or equal to 43200/);
    await rejects(iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Action: 'sts:AssumeRole' }) })), 'MalformedPolicyDocument', 400);
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'r2', AssumeRolePolicyDocument: trust(), PermissionsBoundary: `arn:aws:iam::${A()}:policy/none` })),
      'NoSuchEntity',
      404,
      `Scope ARN: arn:aws:iam::${A()}:policy/none does not exist or is not attachable.`,
    );
  });

  test('UpdateRole, UpdateAssumeRolePolicy, tags, boundaries, ListRoles pagination', async () => {
    await iam.send(new UpdateRoleCommand({ RoleName: 'app', MaxSessionDuration: 43200, Description: 'new' }));
    const t2 = doc({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' });
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'app', PolicyDocument: t2 }));
    const g = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!;
    assert.equal(g.MaxSessionDuration, 43200);
    assert.equal(decodeURIComponent(g.AssumeRolePolicyDocument!), t2);
    await iam.send(new TagRoleCommand({ RoleName: 'app', Tags: [{ Key: 'env', Value: 'dev' }] }));
    await iam.send(new UntagRoleCommand({ RoleName: 'app', TagKeys: ['k'] }));
    assert.deepEqual((await iam.send(new ListRoleTagsCommand({ RoleName: 'app' }))).Tags, [{ Key: 'env', Value: 'dev' }]);
    await iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'app' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.PermissionsBoundary, undefined);
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'app', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    for (let i = 0; i < 4; i++) await iam.send(new CreateRoleCommand({ RoleName: `r${i}`, AssumeRolePolicyDocument: trust() }));
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const p = await iam.send(new ListRolesCommand({ MaxItems: 2, Marker: marker }));
      names.push(...p.Roles!.map((r) => r.RoleName!));
      marker = p.IsTruncated ? p.Marker : undefined;
    } while (marker);
    assert.deepEqual(names, ['app', 'r0', 'r1', 'r2', 'r3']);
  });

  test('DeleteRole: refused with inline or attached policies, then deleted', async () => {
    await iam.send(new PutRolePolicyCommand({ RoleName: 'r0', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'r0' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'r0', PolicyName: 'p' }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'r0', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'r0' })), 'DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.');
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'r0', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new DeleteRoleCommand({ RoleName: 'r0' }));
    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'r0' })), 'NoSuchEntity', 404);
  });
});

describe('groups', () => {
  test('create, add/remove users, GetGroup lists users, ListGroupsForUser, DeleteConflict', async () => {
    const g = await iam.send(new CreateGroupCommand({ GroupName: 'admins', Path: '/ops/' }));
    assert.equal(g.Group!.Arn, `arn:aws:iam::${A()}:group/ops/admins`);
    assert.match(g.Group!.GroupId!, /^AGPA[A-Z2-7]{17}$/);
    await rejects(iam.send(new CreateGroupCommand({ GroupName: 'ADMINS' })), 'EntityAlreadyExists', 409, 'Group with name ADMINS already exists.');
    await iam.send(new CreateUserCommand({ UserName: 'gu' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'gu' }));
    const gg = await iam.send(new GetGroupCommand({ GroupName: 'admins' }));
    assert.deepEqual(gg.Users!.map((u) => u.UserName), ['gu']);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'gu' }))).Groups!.map((x) => x.GroupName), ['admins']);
    assert.deepEqual((await iam.send(new ListGroupsCommand({}))).Groups!.map((x) => x.GroupName), ['admins']);
    await rejects(iam.send(new AddUserToGroupCommand({ GroupName: 'nogroup', UserName: 'gu' })), 'NoSuchEntity', 404, 'The group with name nogroup cannot be found.');
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })), 'DeleteConflict', 409, 'Cannot delete entity, must remove users from group first.');
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'gu' })), 'DeleteConflict', 409);
    // Group policies apply to members.
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'gu' }))).AccessKey!;
    const asGu = new IAMClient(sdkConfig(server, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
    await rejects(asGu.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
    await asGu.send(new ListUsersCommand({}));
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'gu' }));
    await rejects(asGu.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await rejects(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'admins', UserName: 'gu' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new DeleteGroupCommand({ GroupName: 'admins' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete policies first.');
  });

  test('user permissions boundary limits what its policies allow', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bounded' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'bounded' }))).AccessKey!;
    const as = new IAMClient(sdkConfig(server, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded' }))).User!.PermissionsBoundary!.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
    await iam.send(new PutGroupPolicyCommand({ GroupName: 'admins', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'admins', UserName: 'bounded' }));
    await rejects(as.send(new ListUsersCommand({})), 'AccessDenied', 403, /permissions boundary/);
    await iam.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'bounded' }));
    await as.send(new ListUsersCommand({}));
  });
});
