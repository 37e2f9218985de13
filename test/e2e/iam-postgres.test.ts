/**
 * The same IAM behaviour on PostgreSQL (a fresh database per run, dropped afterwards; skipped when no
 * PostgreSQL answers at TESSERA_TEST_PG, default postgres://postgres@127.0.0.1:5432/test): unique
 * constraints give exactly one winner under concurrent creates, conflicts map to AWS's errors, and an IAM
 * user's key and policies work; last use recorded by one server is read by another.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetServiceLastAccessedDetailsCommand,
  IAMClient,
  ListUsersCommand,
  PutUserPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

const PG = process.env.TESSERA_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';
const dbName = `tessera_iam_test_${process.pid}`;
const admin = (sql: string) => spawnSync('psql', [PG, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { encoding: 'utf8' });
const available = admin(`create database ${dbName}`).status === 0;

let server: TestServer;
let iam: IAMClient;
before(async () => {
  if (!available) return;
  const u = new URL(PG);
  u.pathname = `/${dbName}`;
  server = await startServer({ database: u.toString() });
  iam = new IAMClient(sdkConfig(server));
});
after(async () => {
  await server?.stop();
  if (available) admin(`drop database if exists ${dbName} with (force)`);
});

test('PostgreSQL: concurrent creates of one user, role and policy name — exactly one winner each', { skip: !available && 'no PostgreSQL' }, async () => {
  const race = async (make: () => Promise<unknown>) => {
    const r = await Promise.allSettled(Array.from({ length: 10 }, make));
    assert.equal(r.filter((x) => x.status === 'fulfilled').length, 1);
    for (const x of r) if (x.status === 'rejected') assert.equal((x.reason as Error).name, 'EntityAlreadyExistsException');
  };
  await race(() => iam.send(new CreateUserCommand({ UserName: 'pgracer' })));
  await race(() => iam.send(new CreateRoleCommand({ RoleName: 'pgrole', AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) })));
  await race(() => iam.send(new CreatePolicyCommand({ PolicyName: 'pgpolicy', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) })));
});

test("PostgreSQL: a user's key authenticates, is authorized by its policy, and deactivation is immediate", { skip: !available && 'no PostgreSQL' }, async () => {
  await iam.send(new CreateUserCommand({ UserName: 'pguser', Path: '/pg/' }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pguser' }))).AccessKey!;
  const creds = { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! };
  const sts = new STSClient(sdkConfig(server, creds));
  assert.equal((await sts.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${server.accountId}:user/pg/pguser`);
  const as = new IAMClient(sdkConfig(server, creds));
  await rejects(as.send(new ListUsersCommand({})), 'AccessDenied', 403);
  await iam.send(new PutUserPolicyCommand({ UserName: 'pguser', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
  await as.send(new ListUsersCommand({}));
  await iam.send(new UpdateAccessKeyCommand({ UserName: 'pguser', AccessKeyId: k.AccessKeyId!, Status: 'Inactive' }));
  await rejects(sts.send(new GetCallerIdentityCommand({})), 'InvalidClientTokenId', 403);
});

test('PostgreSQL: last use recorded by one server is answered by another on the same database (advisor and report too)', { skip: !available && 'no PostgreSQL' }, async () => {
  await iam.send(new CreateUserCommand({ UserName: 'pgused' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'pgused', PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }) }));
  const k = (await iam.send(new CreateAccessKeyCommand({ UserName: 'pgused' }))).AccessKey!;
  await new IAMClient({ ...sdkConfig(server, { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey! }), region: 'eu-central-1' }).send(new ListUsersCommand({}));
  // This server writes its pending uses when it answers; the other reads them from the database.
  assert.equal((await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! }))).AccessKeyLastUsed!.Region, 'eu-central-1');
  const u = new URL(PG);
  u.pathname = `/${dbName}`;
  // Same database, same master key (the first server's data directory holds it).
  const other = await startServer({ database: u.toString(), root: server.root, dataDir: server.dataDir });
  try {
    const iam2 = new IAMClient(sdkConfig(other));
    const used = (await iam2.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.AccessKeyId! }))).AccessKeyLastUsed!;
    assert.deepEqual([used.ServiceName, used.Region], ['iam', 'eu-central-1']);
    const { JobId } = await iam2.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${server.accountId}:user/pgused`, Granularity: 'ACTION_LEVEL' }));
    const iamService = (await iam2.send(new GetServiceLastAccessedDetailsCommand({ JobId }))).ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!;
    assert.equal(iamService.LastAuthenticatedRegion, 'eu-central-1');
    assert.deepEqual(iamService.TrackedActionsLastAccessed!.map((a) => [a.ActionName, a.LastAccessedRegion]), [['ListUsers', 'eu-central-1']]);
    await iam2.send(new GenerateCredentialReportCommand({}));
    const csv = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8');
    assert.match(csv, /\npgused,arn:aws:iam::\d{12}:user\/pgused,[^\n]*,true,[^,]+,[^,]+,eu-central-1,iam,false,/, 'the report made by one server, read from the other');
  } finally {
    await other.stop();
  }
});
