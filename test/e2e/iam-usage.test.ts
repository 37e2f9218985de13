/**
 * Last use and what is built from it, through real clients against a real server: GetAccessKeyLastUsed
 * (date, service, region of the signature) and GetRole's RoleLastUsed after real calls; the access advisor
 * (GenerateServiceLastAccessedDetails and its readers, ListPoliciesGrantingServiceAccess) for a user who
 * called S3 and IAM; the credential report (boto3) parsed and checked against the users, keys, passwords and
 * MFA devices made here; GetAccountAuthorizationDetails; the same through the aws CLI; uses pending in memory
 * written when the server stops (a restart still sees them).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GenerateServiceLastAccessedDetailsCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetRoleCommand,
  GetServiceLastAccessedDetailsCommand,
  GetServiceLastAccessedDetailsWithEntitiesCommand,
  IAMClient,
  ListPoliciesGrantingServiceAccessCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
  UpdateLoginProfileCommand,
  UpdateSigningCertificateCommand,
  UploadSigningCertificateCommand,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { doc, rejects } from '../helpers/aws-errors.js';
import { advanceTestClock } from '../helpers/clock.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, enabledMfaDevice, keyCredsOf, startIamServer, userWithKey } from '../helpers/iam.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { selfSigned } from '../helpers/x509.js';

let server: TestServer;
let iam: IAMClient;
let reader: Creds;
let idle: Creds;
let startedAt: number;

const A = () => server.accountId;
const at = (c: Creds, region: string) => ({ ...sdkConfig(server, c), region });
const s3As = (c: Creds, region: string) => new S3Client({ ...at(c, region), forcePathStyle: true });

before(async () => {
  ({ server, iam } = await startIamServer({ args: ['--test-clock'] }));
  startedAt = Date.now() - 1000;
  reader = await userWithKey(iam, 'reader', [
    { Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:CreateBucket', 'iam:ListUsers', 'iam:GetUser', 'sts:AssumeRole'], Resource: '*' },
  ]);
  idle = await userWithKey(iam, 'idle');
});
after(() => server?.stop());

describe('last use', () => {
  test('GetAccessKeyLastUsed: N/A before the first use; then the date, the service and the region of the last signed call', async () => {
    const none = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: idle.accessKeyId }));
    assert.equal(none.UserName, 'idle');
    assert.deepEqual(none.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });

    await s3As(reader, 'eu-west-2').send(new ListBucketsCommand({}));
    await s3As(reader, 'eu-west-2').send(new CreateBucketCommand({ Bucket: 'reader-bucket' }));
    const afterS3 = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: reader.accessKeyId }))).AccessKeyLastUsed!;
    assert.equal(afterS3.ServiceName, 's3');
    assert.equal(afterS3.Region, 'eu-west-2');

    await new IAMClient(at(reader, 'eu-west-2')).send(new ListUsersCommand({}));
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: reader.accessKeyId }));
    assert.equal(used.UserName, 'reader');
    assert.equal(used.AccessKeyLastUsed!.ServiceName, 'iam');
    assert.equal(used.AccessKeyLastUsed!.Region, 'eu-west-2');
    const date = used.AccessKeyLastUsed!.LastUsedDate!;
    assert.ok(date instanceof Date && date.getTime() >= startedAt && date.getTime() <= Date.now() + 1000, `LastUsedDate ${date}`);
  });

  test('a refused call is a use too (the signature was valid), as AWS counts attempts', async () => {
    await rejects(new IAMClient(at(idle, 'us-west-1')).send(new ListUsersCommand({})), 'AccessDenied', 403);
    const r = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: idle.accessKeyId }))).AccessKeyLastUsed!;
    assert.deepEqual([r.ServiceName, r.Region], ['iam', 'us-west-1']);
    assert.ok(r.LastUsedDate instanceof Date);
  });

  test('GetRole RoleLastUsed: empty, then the date and region of its session\'s last call', async () => {
    await iam.send(new CreateRoleCommand({
      RoleName: 'app',
      AssumeRolePolicyDocument: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A()}:user/reader` }, Action: 'sts:AssumeRole' }),
    }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'list', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }) }));
    const fresh = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.RoleLastUsed!;
    assert.equal(fresh.LastUsedDate, undefined);
    assert.equal(fresh.Region, undefined);

    const session = credsOf(await new STSClient(at(reader, 'us-east-1')).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${A()}:role/app`, RoleSessionName: 'sess' })));
    await s3As(session, 'ap-southeast-2').send(new ListBucketsCommand({}));
    const used = (await iam.send(new GetRoleCommand({ RoleName: 'app' }))).Role!.RoleLastUsed!;
    assert.ok(used.LastUsedDate instanceof Date && used.LastUsedDate.getTime() >= startedAt);
    assert.equal(used.Region, 'ap-southeast-2');
  });
});

describe('access advisor', () => {
  const readerArn = () => `arn:aws:iam::${A()}:user/reader`;

  test('SERVICE_LEVEL: the services the user\'s policies allow, with the last access of each', async () => {
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: readerArn() }));
    assert.match(JobId!, /^[0-9a-f-]{36}$/);
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(r.JobStatus, 'COMPLETED');
    assert.equal(r.JobType, 'SERVICE_LEVEL');
    assert.ok(r.JobCreationDate instanceof Date && r.JobCompletionDate instanceof Date);
    assert.deepEqual(r.ServicesLastAccessed!.map((s) => s.ServiceNamespace), ['iam', 'sts', 's3'], 'allowed services, by service name');
    const byNs = Object.fromEntries(r.ServicesLastAccessed!.map((s) => [s.ServiceNamespace, s]));
    for (const ns of ['iam', 's3', 'sts']) {
      assert.equal(byNs[ns]!.LastAuthenticatedEntity, readerArn(), ns);
      assert.equal(byNs[ns]!.TotalAuthenticatedEntities, 1, ns);
      assert.ok(byNs[ns]!.LastAuthenticated instanceof Date, ns);
    }
    assert.equal(byNs.s3!.LastAuthenticatedRegion, 'eu-west-2');
    assert.equal(byNs.s3!.ServiceName, 'Amazon Simple Storage Service');
    assert.equal(byNs.iam!.ServiceName, 'AWS Identity and Access Management');
    assert.equal(byNs.s3!.TrackedActionsLastAccessed, undefined, 'no actions at SERVICE_LEVEL');
    const paged = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, MaxItems: 2 }));
    assert.equal(paged.ServicesLastAccessed!.length, 2);
    assert.equal(paged.IsTruncated, true);
    const rest = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: paged.Marker }));
    assert.deepEqual(rest.ServicesLastAccessed!.map((s) => s.ServiceNamespace), ['s3']);
  });

  test('ACTION_LEVEL: the tracked actions allowed, accessed ones with their time, entity and region', async () => {
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: readerArn(), Granularity: 'ACTION_LEVEL' }));
    const r = await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    assert.equal(r.JobType, 'ACTION_LEVEL');
    const s3 = r.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 's3')!;
    assert.deepEqual(s3.TrackedActionsLastAccessed!.map((a) => a.ActionName), ['CreateBucket', 'ListAllMyBuckets']);
    for (const a of s3.TrackedActionsLastAccessed!) {
      assert.equal(a.LastAccessedEntity, readerArn());
      assert.equal(a.LastAccessedRegion, 'eu-west-2');
      assert.ok(a.LastAccessedTime instanceof Date);
    }
    const iamActions = r.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'iam')!.TrackedActionsLastAccessed!;
    assert.deepEqual(iamActions.map((a) => [a.ActionName, a.LastAccessedTime instanceof Date]), [['GetUser', false], ['ListUsers', true]]);
    assert.equal(r.ServicesLastAccessed!.find((s) => s.ServiceNamespace === 'sts')!.TrackedActionsLastAccessed, undefined, 'STS actions are not tracked');
  });

  test('WithEntities: the principals behind a role\'s accesses, and behind a managed policy\'s (its role, its group\'s member)', async () => {
    const { JobId } = await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${A()}:role/app` }));
    const r = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 's3' }));
    assert.equal(r.JobStatus, 'COMPLETED');
    assert.deepEqual(r.EntityDetailsList!.map((e) => [e.EntityInfo!.Type, e.EntityInfo!.Name, e.EntityInfo!.Arn, e.EntityInfo!.Path]), [['ROLE', 'app', `arn:aws:iam::${A()}:role/app`, '/']]);
    assert.ok(r.EntityDetailsList![0]!.LastAuthenticated instanceof Date);
    const none = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId, ServiceNamespace: 'ec2' }));
    assert.deepEqual(none.EntityDetailsList, []);

    const policyArn = (await iam.send(new CreatePolicyCommand({ PolicyName: 'ListAll', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }) }))).Policy!.Arn!;
    await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'reader' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'readers', PolicyArn: policyArn }));
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: policyArn }));
    const job = (await iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: policyArn }))).JobId;
    const services = (await iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: job }))).ServicesLastAccessed!;
    assert.deepEqual(services.map((x) => [x.ServiceNamespace, x.TotalAuthenticatedEntities, x.LastAuthenticatedEntity]), [['s3', 2, `arn:aws:iam::${A()}:role/app`]]);
    const who = await iam.send(new GetServiceLastAccessedDetailsWithEntitiesCommand({ JobId: job, ServiceNamespace: 's3' }));
    assert.deepEqual(who.EntityDetailsList!.map((e) => e.EntityInfo!.Name), ['app', 'reader'], 'latest first');
  });

  test('ListPoliciesGrantingServiceAccess: the user\'s inline policy and its group\'s managed one for s3, none for ec2', async () => {
    const r = await iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: readerArn(), ServiceNamespaces: ['s3', 'ec2'] }));
    assert.deepEqual(r.PoliciesGrantingServiceAccess, [
      {
        ServiceNamespace: 's3',
        Policies: [
          { PolicyName: 'p', PolicyType: 'INLINE', EntityType: 'USER', EntityName: 'reader' },
          { PolicyName: 'ListAll', PolicyType: 'MANAGED', PolicyArn: `arn:aws:iam::${A()}:policy/ListAll` },
        ],
      },
      { ServiceNamespace: 'ec2', Policies: [] },
    ]);
  });

  test('GetAccountAuthorizationDetails: every list with its relationships, RoleLastUsed, filters and pages', async () => {
    await iam.send(new TagUserCommand({ UserName: 'reader', Tags: [{ Key: 'team', Value: 'blue' }] }));
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'reader', PermissionsBoundary: 'arn:aws:iam::aws:policy/PowerUserAccess' }));
    const all = await iam.send(new GetAccountAuthorizationDetailsCommand({}));
    assert.equal(all.IsTruncated, false);
    const reader = all.UserDetailList!.find((u) => u.UserName === 'reader')!;
    assert.deepEqual(reader.GroupList, ['readers']);
    assert.deepEqual(reader.UserPolicyList!.map((p) => p.PolicyName), ['p']);
    assert.match(decodeURIComponent(reader.UserPolicyList![0]!.PolicyDocument!), /s3:ListAllMyBuckets/);
    assert.deepEqual(reader.Tags, [{ Key: 'team', Value: 'blue' }]);
    assert.deepEqual(reader.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: 'arn:aws:iam::aws:policy/PowerUserAccess' });
    const group = all.GroupDetailList!.find((g) => g.GroupName === 'readers')!;
    assert.deepEqual(group.AttachedManagedPolicies, [{ PolicyName: 'ListAll', PolicyArn: `arn:aws:iam::${A()}:policy/ListAll` }]);
    const app = all.RoleDetailList!.find((r) => r.RoleName === 'app')!;
    assert.deepEqual(app.InstanceProfileList, []);
    assert.deepEqual(app.RolePolicyList!.map((p) => p.PolicyName), ['list']);
    assert.deepEqual(app.AttachedManagedPolicies!.map((p) => p.PolicyName), ['ListAll']);
    assert.equal(app.RoleLastUsed!.Region, 'ap-southeast-2');
    assert.ok(app.RoleLastUsed!.LastUsedDate instanceof Date);
    assert.match(decodeURIComponent(app.AssumeRolePolicyDocument!), /sts:AssumeRole/);
    const local = all.Policies!.find((p) => p.PolicyName === 'ListAll')!;
    assert.deepEqual([local.AttachmentCount, local.DefaultVersionId, local.PolicyVersionList!.map((v) => [v.VersionId, v.IsDefaultVersion])], [2, 'v1', [['v1', true]]]);
    const aws = all.Policies!.filter((p) => p.Arn!.startsWith('arn:aws:iam::aws:'));
    assert.deepEqual(aws.map((p) => [p.PolicyName, p.PermissionsBoundaryUsageCount]), [['PowerUserAccess', 1]], 'AWS managed policies in use only');

    const roles = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    assert.deepEqual([roles.UserDetailList, roles.GroupDetailList, roles.Policies, roles.RoleDetailList!.map((r) => r.RoleName)], [[], [], [], ['app']]);
    const seen: string[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User', 'Group'], MaxItems: 2, Marker: marker }));
      seen.push(...page.UserDetailList!.map((u) => u.UserName!), ...page.GroupDetailList!.map((g) => g.GroupName!));
      assert.ok(page.UserDetailList!.length + page.GroupDetailList!.length <= 2);
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
    assert.deepEqual(seen.sort(), ['idle', 'reader', 'readers']);
  });

  test('refusals: unknown entity NoSuchEntity, not an IAM ARN (or a policy for ListPoliciesGrantingServiceAccess) InvalidInput, unknown job NoSuchEntity, no permission AccessDenied', async () => {
    await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:iam::${A()}:user/nobody` })), 'NoSuchEntity', 404);
    await rejects(iam.send(new GenerateServiceLastAccessedDetailsCommand({ Arn: `arn:aws:s3:::bucket-name-here` })), 'InvalidInput', 400);
    await rejects(iam.send(new GetServiceLastAccessedDetailsCommand({ JobId: '00000000-0000-0000-0000-000000000000' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', ServiceNamespaces: ['s3'] })), 'InvalidInput', 400);
    await rejects(iam.send(new ListPoliciesGrantingServiceAccessCommand({ Arn: `arn:aws:iam::${A()}:role/nope`, ServiceNamespaces: ['s3'] })), 'NoSuchEntity', 404);
    await rejects(new IAMClient(sdkConfig(server, reader)).send(new GenerateServiceLastAccessedDetailsCommand({ Arn: readerArn() })), 'AccessDenied', 403);
  });
});

describe('credential report (boto3)', () => {
  const script = `
import boto3, botocore, json, os, base64
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
out = {}
def code(f):
    try:
        f(); return None
    except botocore.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]
if os.environ.get("STEP") == "first":
    out["before"] = code(lambda: iam.get_credential_report())
    out["gen1"] = iam.generate_credential_report()["State"]
    out["gen2"] = iam.generate_credential_report()["State"]
r = iam.get_credential_report()
out["format"] = r["ReportFormat"]
out["generated"] = r["GeneratedTime"].isoformat()
out["csv"] = r["Content"].decode()
print(json.dumps(out))
`;
  const expiredScript = `
import boto3, botocore, json, os
iam = boto3.client("iam", endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1")
try:
    iam.get_credential_report(); print(json.dumps(None))
except botocore.exceptions.ClientError as e:
    print(json.dumps([e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]]))
print(json.dumps(iam.generate_credential_report()["State"]))
`;

  test('ReportNotPresent, STARTED then COMPLETE, the CSV with AWS\'s columns filled from the account; ReportExpired after four hours', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'Carol-Passw0rd!x' }));
    await enabledMfaDevice(iam, 'carol', 'carol-mfa');
    await advanceTestClock(server, 60);
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'carol', Password: 'Carol-Passw0rd!y' }));
    const k1 = keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' })));
    await iam.send(new CreateAccessKeyCommand({ UserName: 'carol' }));
    await iam.send(new UpdateAccessKeyCommand({ UserName: 'carol', AccessKeyId: k1.accessKeyId, Status: 'Inactive' }));
    const cert1 = await iam.send(new UploadSigningCertificateCommand({ UserName: 'carol', CertificateBody: selfSigned('carol-1').cert }));
    await iam.send(new UploadSigningCertificateCommand({ UserName: 'carol', CertificateBody: selfSigned('carol-2').cert }));
    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'carol', CertificateId: cert1.Certificate!.CertificateId!, Status: 'Inactive' }));

    const run = python(server, script, server.root, { STEP: 'first' });
    assert.equal(run.status, 0, run.stderr);
    const out = JSON.parse(run.stdout) as { before: [string, number]; gen1: string; gen2: string; format: string; generated: string; csv: string };
    assert.deepEqual(out.before, ['ReportNotPresent', 410]);
    assert.equal(out.gen1, 'STARTED');
    assert.equal(out.gen2, 'COMPLETE');
    assert.equal(out.format, 'text/csv');
    const [header, ...lines] = out.csv.split('\n');
    assert.equal(header, 'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated');
    const cols = header!.split(',');
    const rows = Object.fromEntries(lines.map((l) => { const v = l.split(','); return [v[0], Object.fromEntries(cols.map((c, i) => [c, v[i]]))]; }));
    assert.deepEqual(Object.keys(rows), ['<root_account>', 'carol', 'idle', 'reader']);
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;

    const root = rows['<root_account>']!;
    assert.equal(root.arn, `arn:aws:iam::${A()}:root`);
    assert.deepEqual([root.password_enabled, root.password_last_changed, root.password_next_rotation, root.mfa_active], ['not_supported', 'not_supported', 'not_supported', 'false']);
    assert.equal(root.access_key_1_active, 'true');
    assert.match(root.access_key_1_last_used_date!, iso, 'the root key signed this test\'s calls');
    assert.equal(root.access_key_1_last_used_service, 'iam');

    const reader = rows.reader!;
    assert.equal(reader.arn, `arn:aws:iam::${A()}:user/reader`);
    assert.match(reader.user_creation_time!, iso);
    assert.deepEqual([reader.password_enabled, reader.password_last_used, reader.password_last_changed, reader.password_next_rotation, reader.mfa_active], ['false', 'N/A', 'N/A', 'N/A', 'false']);
    assert.equal(reader.access_key_1_active, 'true');
    assert.match(reader.access_key_1_last_rotated!, iso);
    assert.match(reader.access_key_1_last_used_date!, iso);
    assert.deepEqual([reader.access_key_1_last_used_region, reader.access_key_1_last_used_service], ['us-east-1', 'iam'], 'its last call: the refused GenerateServiceLastAccessedDetails');
    assert.deepEqual([reader.access_key_2_active, reader.access_key_2_last_rotated, reader.access_key_2_last_used_date, reader.access_key_2_last_used_region, reader.access_key_2_last_used_service], ['false', 'N/A', 'N/A', 'N/A', 'N/A']);
    assert.deepEqual([reader.cert_1_active, reader.cert_1_last_rotated, reader.cert_2_active, reader.cert_2_last_rotated], ['false', 'N/A', 'false', 'N/A']);

    const carol = rows.carol!;
    assert.equal(carol.password_enabled, 'true');
    assert.equal(carol.password_last_used, 'no_information', 'a password never used');
    assert.match(carol.password_last_changed!, iso);
    assert.ok(Date.parse(carol.password_last_changed!) >= Date.parse(carol.user_creation_time!) + 60_000, 'the password was changed a minute after the user was made');
    assert.equal(carol.mfa_active, 'true');
    assert.deepEqual([carol.access_key_1_active, carol.access_key_2_active], ['false', 'true'], 'the first key was made inactive');
    assert.deepEqual([carol.access_key_1_last_used_date, carol.access_key_2_last_used_date], ['N/A', 'N/A']);
    assert.deepEqual([carol.cert_1_active, carol.cert_2_active], ['false', 'true'], 'the first signing certificate was made inactive');
    assert.match(carol.cert_1_last_rotated!, iso);
    assert.match(carol.cert_2_last_rotated!, iso);

    assert.equal(rows.idle!.access_key_1_active, 'true');
    assert.equal(rows.idle!.access_key_1_last_used_service, 'iam');

    await advanceTestClock(server, 4 * 3600 + 1);
    const expired = python(server, expiredScript);
    assert.equal(expired.status, 0, expired.stderr);
    const [err, state] = expired.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    assert.deepEqual(err, ['ReportExpired', 410]);
    assert.equal(state, 'STARTED', 'an expired report is generated anew');
  });
});

describe('the aws CLI', () => {
  const cli = (args: string[]) => {
    const r = awsCli(server, ['iam', ...args, '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  };

  test('get-access-key-last-used, generate/get-service-last-accessed-details, get-credential-report', () => {
    const used = cli(['get-access-key-last-used', '--access-key-id', reader.accessKeyId]) as { UserName: string; AccessKeyLastUsed: { ServiceName: string; Region: string; LastUsedDate: string } };
    assert.equal(used.UserName, 'reader');
    assert.equal(used.AccessKeyLastUsed.ServiceName, 'iam');
    assert.match(used.AccessKeyLastUsed.LastUsedDate, /^\d{4}-\d\d-\d\dT/);
    const job = cli(['generate-service-last-accessed-details', '--arn', `arn:aws:iam::${A()}:user/reader`]) as { JobId: string };
    const details = cli(['get-service-last-accessed-details', '--job-id', job.JobId]) as { JobStatus: string; ServicesLastAccessed: { ServiceNamespace: string }[] };
    assert.equal(details.JobStatus, 'COMPLETED');
    assert.ok(details.ServicesLastAccessed.some((x) => x.ServiceNamespace === 's3'));
    assert.equal((cli(['generate-credential-report']) as { State: string }).State, 'COMPLETE', 'the report made after the expiry is fresh');
    const report = cli(['get-credential-report']) as { Content: string; ReportFormat: string };
    assert.equal(report.ReportFormat, 'text/csv');
    assert.match(Buffer.from(report.Content, 'base64').toString('utf8'), /^user,arn,user_creation_time,[^\n]*\n<root_account>,arn:aws:iam::\d{12}:root,/);
  });
});

describe('uses pending in memory are written when the server stops', () => {
  test('a restart on the same data directory still answers the last use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tessera-usage-'));
    const s = await startServer({ args: ['--log', 'off'], dataDir });
    let s2: TestServer | undefined;
    try {
      const admin = new IAMClient(sdkConfig(s));
      const k = await userWithKey(admin, 'persist', [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }]);
      await new IAMClient({ ...sdkConfig(s, k), region: 'sa-east-1' }).send(new ListUsersCommand({}));
      assert.equal(await s.stop(), 0);
      s2 = await startServer({ args: ['--log', 'off'], dataDir: s.dataDir, root: s.root });
      const r = (await new IAMClient(sdkConfig(s2)).send(new GetAccessKeyLastUsedCommand({ AccessKeyId: k.accessKeyId }))).AccessKeyLastUsed!;
      assert.deepEqual([r.ServiceName, r.Region], ['iam', 'sa-east-1']);
      assert.ok(r.LastUsedDate instanceof Date);
    } finally {
      await s2?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
