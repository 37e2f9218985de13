/**
 * A role session is bound to the role's unique id (AROA...), not to its name, as on AWS: once the role is
 * deleted, its sessions are refused on every authorized call — even after a new role is created under the
 * same name with more permissions. GetCallerIdentity (which needs no permission on AWS) still answers with
 * the old role id. Driven through the AWS SDK for JavaScript v3 against a real server.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, IAMClient, ListUsersCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { doc, rejects } from '../helpers/aws-errors.js';
import { sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';

let server: TestServer;
let iam: IAMClient;
let alice: Creds;

const sts = (c: Creds) => new STSClient(sdkConfig(server, c));
const iamAs = (c: Creds) => new IAMClient(sdkConfig(server, c));
const s3As = (c: Creds) => new S3Client({ ...sdkConfig(server, c), forcePathStyle: true });

const trustAccount = () => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' });
const listing = { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 'iam:ListUsers'], Resource: '*' };

async function createRole(name: string, inline?: object) {
  const r = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustAccount() }));
  if (inline) await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'p', PolicyDocument: doc(inline) }));
  return r.Role!;
}

async function deleteRole(name: string, hasInline: boolean) {
  if (hasInline) await iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'p' }));
  await iam.send(new DeleteRoleCommand({ RoleName: name }));
}

const assume = async (name: string, session: string) =>
  credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${server.accountId}:role/${name}`, RoleSessionName: session })));

before(async () => {
  ({ server, iam } = await startIamServer());
  alice = await userWithKey(iam, 'alice', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
});
after(() => server?.stop());

test('a session of a deleted role does not gain the permissions of a new role created under the same name', async () => {
  const first = await createRole('R');
  const old = await assume('R', 'old');
  const oldId = (await sts(old).send(new GetCallerIdentityCommand({}))).UserId!;
  assert.equal(oldId, `${first.RoleId}:old`);
  // The first role may not list anything: the session is refused before and after.
  await rejects(iamAs(old).send(new ListUsersCommand({})), 'AccessDenied', 403);

  await deleteRole('R', false);
  const second = await createRole('R', listing);
  assert.notEqual(second.RoleId, first.RoleId);

  // The old session stays refused, on IAM and S3 alike, with the explained message (no identity policy).
  await rejects(
    iamAs(old).send(new ListUsersCommand({})),
    'AccessDenied',
    403,
    new RegExp(`^User: arn:aws:sts::${server.accountId}:assumed-role/R/old is not authorized to perform: iam:ListUsers( on resource: \\S+)? because no identity-based policy allows the iam:ListUsers action$`),
  );
  await rejects(s3As(old).send(new ListBucketsCommand({})), 'AccessDenied', 403);
  // Its credentials are still well-formed and unexpired: GetCallerIdentity needs no permission and reports
  // the deleted role's id, as AWS does.
  assert.equal((await sts(old).send(new GetCallerIdentityCommand({}))).UserId, `${first.RoleId}:old`);

  // A new session of the new role has its permissions.
  const fresh = await assume('R', 'new');
  assert.equal((await sts(fresh).send(new GetCallerIdentityCommand({}))).UserId, `${second.RoleId}:new`);
  assert.ok((await iamAs(fresh).send(new ListUsersCommand({}))).Users!.some((u) => u.UserName === 'alice'));
  assert.ok(Array.isArray((await s3As(fresh).send(new ListBucketsCommand({}))).Buckets));
  await deleteRole('R', true);
});

test('a session of a deleted role cannot chain into a role that trusts the role by ARN, even once it is recreated', async () => {
  await createRole('Src', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'Target',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:role/Src` }, Action: 'sts:AssumeRole' }),
    }),
  );
  const targetArn = `arn:aws:iam::${server.accountId}:role/Target`;
  const old = await assume('Src', 'old');
  // While Src exists its session may chain (the trust policy names the role directly).
  await sts(old).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'hop' }));

  await deleteRole('Src', true);
  await rejects(sts(old).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'hop' })), 'AccessDenied', 403);
  await createRole('Src', { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
  await rejects(sts(old).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'hop' })), 'AccessDenied', 403);
  // A session of the recreated role may.
  const fresh = await assume('Src', 'new');
  await sts(fresh).send(new AssumeRoleCommand({ RoleArn: targetArn, RoleSessionName: 'hop' }));
});
