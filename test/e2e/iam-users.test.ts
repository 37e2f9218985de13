/**
 * IAM users and access keys through the AWS SDK for JavaScript v3: success shapes, every refusal with its AWS
 * code and status, an IAM user's own key authenticating and being authorized by its policies, an inactive
 * key refused at once, and concurrent creates of one name (exactly one wins).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DetachUserPolicyCommand,
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
  ChangePasswordCommand,
  UpdateAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  DeleteAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig } from '../helpers/clients.js';
import { startIamServer } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

const A = () => server.accountId;

describe('users', () => {
  test('create, get (case-insensitive name), path in the ARN, AIDA id', async () => {
    const r = await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/eng/', Tags: [{ Key: 'team', Value: 'blue' }] }));
    assert.equal(r.User!.Arn, `arn:aws:iam::${A()}:user/eng/alice`);
    assert.match(r.User!.UserId!, /^AIDA[A-Z2-7]{17}$/);
    assert.ok(r.User!.CreateDate instanceof Date);
    const g = await iam.send(new GetUserCommand({ UserName: 'ALICE' }));
    assert.equal(g.User!.UserName, 'alice');
    assert.deepEqual(g.User!.Tags, [{ Key: 'team', Value: 'blue' }]);
  });

  test('duplicate name (any case): EntityAlreadyExists 409', async () => {
    await rejects(iam.send(new CreateUserCommand({ UserName: 'Alice' })), 'EntityAlreadyExists', 409, 'User with name Alice already exists.');
  });

  test('unknown user: NoSuchEntity 404 with AWS wording', async () => {
    await rejects(iam.send(new GetUserCommand({ UserName: 'nobody' })), 'NoSuchEntity', 404, 'The user with name nobody cannot be found.');
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'nobody' })), 'NoSuchEntity', 404);
  });

  test('invalid name and path: ValidationError 400 from the model', async () => {
    await rejects(iam.send(new CreateUserCommand({ UserName: 'bad name!' })), 'ValidationError', 400, /failed to satisfy constraint: Member must satisfy regular expression pattern/);
    await rejects(iam.send(new CreateUserCommand({ UserName: 'x', Path: 'nopath' })), 'ValidationError', 400);
    await rejects(iam.send(new CreateUserCommand({ UserName: 'x'.repeat(65) })), 'ValidationError', 400, /length less than or equal to 64/);
  });

  test('GetUser without a name is the caller (root)', async () => {
    const r = await iam.send(new GetUserCommand({}));
    assert.equal(r.User!.Arn, `arn:aws:iam::${A()}:root`);
    assert.equal(r.User!.UserId, A());
  });

  test('ListUsers paginates with Marker / IsTruncated / MaxItems, PathPrefix filters', async () => {
    for (const n of ['u1', 'u2', 'u3', 'u4', 'u5']) await iam.send(new CreateUserCommand({ UserName: n, Path: '/batch/' }));
    const seen: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const r = await iam.send(new ListUsersCommand({ MaxItems: 2, Marker: marker, PathPrefix: '/batch/' }));
      pages++;
      seen.push(...r.Users!.map((u) => u.UserName!));
      assert.equal(r.IsTruncated, !!r.Marker);
      marker = r.Marker;
    } while (marker);
    assert.deepEqual(seen, ['u1', 'u2', 'u3', 'u4', 'u5']);
    assert.equal(pages, 3);
    const all = await iam.send(new ListUsersCommand({}));
    assert.equal(all.IsTruncated, false);
    assert.ok(all.Users!.some((u) => u.UserName === 'alice'));
  });

  test('UpdateUser renames and moves; the old name is gone; a taken name is refused', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'carola', NewPath: '/ops/' }));
    const r = await iam.send(new GetUserCommand({ UserName: 'carola' }));
    assert.equal(r.User!.Arn, `arn:aws:iam::${A()}:user/ops/carola`);
    await rejects(iam.send(new GetUserCommand({ UserName: 'carol' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new UpdateUserCommand({ UserName: 'carola', NewUserName: 'alice' })), 'EntityAlreadyExists', 409);
  });

  test('tags: TagUser, ListUserTags, UntagUser; duplicate keys refused', async () => {
    await iam.send(new TagUserCommand({ UserName: 'alice', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'red' }] }));
    let t = await iam.send(new ListUserTagsCommand({ UserName: 'alice' }));
    assert.deepEqual(t.Tags, [{ Key: 'team', Value: 'red' }, { Key: 'env', Value: 'prod' }]);
    await iam.send(new UntagUserCommand({ UserName: 'alice', TagKeys: ['team'] }));
    t = await iam.send(new ListUserTagsCommand({ UserName: 'alice' }));
    assert.deepEqual(t.Tags, [{ Key: 'env', Value: 'prod' }]);
    await rejects(iam.send(new CreateUserCommand({ UserName: 'dup', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInput', 400);
  });

  test('concurrent CreateUser of one name: exactly one succeeds, the rest EntityAlreadyExists', async () => {
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => iam.send(new CreateUserCommand({ UserName: 'racer' }))));
    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    assert.equal(ok.length, 1);
    for (const f of failed) assert.equal((f.reason as Error).name, 'EntityAlreadyExistsException');
  });
});

describe('login profiles and password policy', () => {
  test('create / get / update / delete; passwords checked against the policy', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'pw' }));
    await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'pw', Password: 'short' })), 'PasswordPolicyViolation', 400);
    const c = await iam.send(new CreateLoginProfileCommand({ UserName: 'pw', Password: 'Str0ng-Passw0rd!', PasswordResetRequired: true }));
    assert.equal(c.LoginProfile!.UserName, 'pw');
    assert.equal(c.LoginProfile!.PasswordResetRequired, true);
    await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'pw', Password: 'Str0ng-Passw0rd!' })), 'EntityAlreadyExists', 409);
    const g = await iam.send(new GetLoginProfileCommand({ UserName: 'pw' }));
    assert.equal(g.LoginProfile!.PasswordResetRequired, true);
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'pw', PasswordResetRequired: false }));
    assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'pw' }))).LoginProfile!.PasswordResetRequired, false);
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'pw' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete login profile first.');
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'pw' }));
    await rejects(iam.send(new GetLoginProfileCommand({ UserName: 'pw' })), 'NoSuchEntity', 404, 'Login Profile for User pw cannot be found.');
    await iam.send(new DeleteUserCommand({ UserName: 'pw' }));
  });

  test('account password policy: none (NoSuchEntity), set, enforced, deleted', async () => {
    await rejects(iam.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntity', 404);
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true, AllowUsersToChangePassword: true }));
    const p = await iam.send(new GetAccountPasswordPolicyCommand({}));
    assert.equal(p.PasswordPolicy!.MinimumPasswordLength, 12);
    assert.equal(p.PasswordPolicy!.RequireSymbols, true);
    await iam.send(new CreateUserCommand({ UserName: 'pw2' }));
    await rejects(iam.send(new CreateLoginProfileCommand({ UserName: 'pw2', Password: 'abcdefghijk1' })), 'PasswordPolicyViolation', 400);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'pw2', Password: 'abcdefghijk1!' }));
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    await rejects(iam.send(new DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntity', 404);
  });

  test('ChangePassword: the user itself, old password checked; root refused', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: 'pw2', PolicyName: 'cp', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: 'arn:aws:iam::*:user/${aws:username}' }) }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pw2' }))).AccessKey!;
    const asUser = new IAMClient(sdkConfig(server, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
    await rejects(asUser.send(new ChangePasswordCommand({ OldPassword: 'wrong-password', NewPassword: 'Another-Passw0rd!' })), 'InvalidInput', 400);
    await asUser.send(new ChangePasswordCommand({ OldPassword: 'abcdefghijk1!', NewPassword: 'Another-Passw0rd!' }));
    await rejects(iam.send(new ChangePasswordCommand({ OldPassword: 'x', NewPassword: 'Another-Passw0rd!' })), 'InvalidUserType', 400);
  });
});

describe('access keys', () => {
  test('create (AKIA, 40-char secret), list (no secrets), at most two per user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'kate' }));
    const k1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'kate' }))).AccessKey!;
    assert.match(k1.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
    assert.equal(k1.SecretAccessKey!.length, 40);
    assert.equal(k1.Status, 'Active');
    await iam.send(new CreateAccessKeyCommand({ UserName: 'kate' }));
    await rejects(iam.send(new CreateAccessKeyCommand({ UserName: 'kate' })), 'LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2');
    const l = await iam.send(new ListAccessKeysCommand({ UserName: 'kate' }));
    assert.equal(l.AccessKeyMetadata!.length, 2);
    for (const m of l.AccessKeyMetadata!) {
      assert.equal(m.UserName, 'kate');
      assert.equal((m as Record<string, unknown>).SecretAccessKey, undefined);
    }
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'kate' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete access keys first.');
    for (const m of l.AccessKeyMetadata!) await iam.send(new DeleteAccessKeyCommand({ UserName: 'kate', AccessKeyId: m.AccessKeyId! }));
    await rejects(iam.send(new DeleteAccessKeyCommand({ UserName: 'kate', AccessKeyId: k1.AccessKeyId! })), 'NoSuchEntity', 404, `The Access Key with id ${k1.AccessKeyId} cannot be found.`);
    await iam.send(new DeleteUserCommand({ UserName: 'kate' }));
  });

  test("a user's own key authenticates, is denied until a policy allows, and an inactive key is refused at once", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dev', Path: '/team/' }));
    const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    const creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
    const sts = new STSClient(sdkConfig(server, creds));
    const who = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, `arn:aws:iam::${A()}:user/team/dev`);
    assert.match(who.UserId!, /^AIDA/);
    assert.equal(who.Account, A());

    const asDev = new IAMClient(sdkConfig(server, creds));
    await rejects(
      asDev.send(new ListUsersCommand({})),
      'AccessDenied',
      403,
      `User: arn:aws:iam::${A()}:user/team/dev is not authorized to perform: iam:ListUsers because no identity-based policy allows the iam:ListUsers action`,
    );
    // Self-service without a name: GetUser / ListAccessKeys resolve to the caller.
    await iam.send(new PutUserPolicyCommand({ UserName: 'dev', PolicyName: 'read', PolicyDocument: doc({ Effect: 'Allow', Action: ['iam:ListUsers', 'iam:GetUser', 'iam:ListAccessKeys'], Resource: '*' }) }));
    const l = await asDev.send(new ListUsersCommand({}));
    assert.ok(l.Users!.some((u) => u.UserName === 'dev'));
    assert.equal((await asDev.send(new GetUserCommand({}))).User!.UserName, 'dev');
    assert.equal((await asDev.send(new ListAccessKeysCommand({}))).AccessKeyMetadata![0]!.AccessKeyId, k.AccessKeyId);
    // Denied again as soon as the policy goes; allowed by an attached AWS managed policy.
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'dev', PolicyName: 'read' }));
    await rejects(asDev.send(new ListUsersCommand({})), 'AccessDenied', 403);
    await iam.send(new AttachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
    await asDev.send(new ListUsersCommand({}));
    await rejects(asDev.send(new CreateUserCommand({ UserName: 'x' })), 'AccessDenied', 403, /iam:CreateUser/);
    await iam.send(new DetachUserPolicyCommand({ UserName: 'dev', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));

    const last = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! }));
    assert.equal(last.UserName, 'dev');
    assert.ok(last.AccessKeyLastUsed!.LastUsedDate instanceof Date);

    await iam.send(new UpdateAccessKeyCommand({ UserName: 'dev', AccessKeyId: k.AccessKeyId!, Status: 'Inactive' }));
    await rejects(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403, 'The security token included in the request is invalid.');
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'dev', AccessKeyId: k.AccessKeyId!, Status: 'Active' }));
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${A()}:user/team/dev`);

    // A renamed user's key follows the new name at once.
    await iam.send(new UpdateUserCommand({ UserName: 'dev', NewUserName: 'developer' }));
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${A()}:user/team/developer`);
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'developer', AccessKeyId: k.AccessKeyId! }));
    await rejects(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
  });

  test('root without UserName manages root keys', async () => {
    const before = (await iam.send(new ListAccessKeysCommand({}))).AccessKeyMetadata!;
    assert.ok(before.some((k) => k.AccessKeyId === server.root.accessKeyId));
    const k = (await iam.send(new CreateAccessKeyCommand({}))).AccessKey!;
    const sts = new STSClient(sdkConfig(server, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }));
    assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${A()}:root`);
    await rejects(iam.send(new CreateAccessKeyCommand({})), 'LimitExceeded', 409);
    await iam.send(new DeleteAccessKeyCommand({ AccessKeyId: k.AccessKeyId! }));
  });
});
