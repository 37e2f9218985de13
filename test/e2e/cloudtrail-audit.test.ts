/**
 * The audit trail end to end: a scripted session (a user created, an MFA session, an AssumeRole refused
 * without MFA and allowed with it, S3 reads allowed and refused as the role, console sign-ins failed and
 * succeeded) read back through boto3's cloudtrail client and the aws CLI. The records carry AWS's fields as
 * the CloudTrail User Guide's examples show them (userIdentity by type with sessionContext, sessionIssuer and
 * sourceIdentity; errorCode/errorMessage; requestParameters/responseElements without any secret);
 * LookupEvents filters by each lookup attribute and time, pages, refuses bad tokens and unauthorized callers;
 * a denial's sealed reason is readable by the account's admin through DecodeAuthorizationMessage and not by
 * the denied user.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateAccessKeyCommand, CreateLoginProfileCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, GetBucketAclCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { credsOf, enabledMfaDevice, keyCredsOf, oathtoolCode } from '../helpers/iam.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

const PASSWORD = 'Audit-Trail-Passw0rd!';
let server: TestServer;
const clients: Array<{ destroy(): void }> = [];
const client = <T extends { destroy(): void }>(c: T): T => (clients.push(c), c);

before(async () => {
  server = await startServer({ memory: false, args: ['--audit', 'on'] }); // on disk: the recorder's writer thread
});
after(async () => {
  for (const c of clients) c.destroy();
  await server?.stop();
});

type Rec = Record<string, any>;

test('a scripted session produces CloudTrail records AWS-shaped; LookupEvents filters, pages and authorizes; denials explain themselves to admins only', async () => {
  const acct = server.accountId;
  const iam = client(new IAMClient(sdkConfig(server)));
  const roleArn = `arn:aws:iam::${acct}:role/auditor`;
  // The session's set-up, as the account's root.
  const user = await iam.send(new CreateUserCommand({ UserName: 'alice' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'assume', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Resource: roleArn }] }) }));
  const alice = keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' })));
  const { serial, seed } = await enabledMfaDevice(iam, 'alice', 'alice-mfa');
  await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: PASSWORD }));
  await iam.send(new CreateRoleCommand({
    RoleName: 'auditor',
    AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: user.User!.Arn }, Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'], Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }] }),
  }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'auditor', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::audit-open/*' }, { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] }) }));
  const s3root = client(new S3Client({ ...sdkConfig(server), forcePathStyle: true }));
  for (const b of ['audit-open', 'audit-closed']) {
    await s3root.send(new CreateBucketCommand({ Bucket: b }));
    await s3root.send(new PutObjectCommand({ Bucket: b, Key: 'k', Body: 'v' }));
  }
  // AssumeRole without MFA: refused.
  const stsAlice = client(new STSClient(sdkConfig(server, alice)));
  const denied = await stsAlice.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'no-mfa' })).then(() => undefined, (e: Error & { name: string }) => e);
  assert.equal(denied?.name, 'AccessDenied');
  // AssumeRole with MFA (and a source identity).
  const assumed = await stsAlice.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'audit-session', SourceIdentity: 'alice', SerialNumber: serial, TokenCode: oathtoolCode(seed, 30) }));
  const role: Creds = credsOf(assumed);
  // An MFA session (GetSessionToken with bob's device), and a call made with it.
  await iam.send(new CreateUserCommand({ UserName: 'bob' }));
  const bob = keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: 'bob' })));
  const bobMfa = await enabledMfaDevice(iam, 'bob', 'bob-mfa');
  const mfa = credsOf(await client(new STSClient(sdkConfig(server, bob))).send(new GetSessionTokenCommand({ SerialNumber: bobMfa.serial, TokenCode: oathtoolCode(bobMfa.seed, 30) })));
  await client(new STSClient(sdkConfig(server, mfa))).send(new GetCallerIdentityCommand({}));
  // S3 as the role: a management read allowed, an object read allowed, a refused bucket ACL read.
  const s3role = client(new S3Client({ ...sdkConfig(server, role), forcePathStyle: true }));
  await s3role.send(new ListBucketsCommand({}));
  assert.equal(await (await s3role.send(new GetObjectCommand({ Bucket: 'audit-open', Key: 'k' }))).Body!.transformToString(), 'v');
  const s3denied = await s3role.send(new GetBucketAclCommand({ Bucket: 'audit-closed' })).then(() => undefined, (e: Error & { name: string }) => e);
  assert.equal(s3denied?.name, 'AccessDenied');
  // Console sign-ins: a wrong password, then the password with an MFA code.
  const signin = (fields: Record<string, string>) =>
    fetch(`${server.consoleUrl}/_console/api/signin`, { method: 'POST', headers: { 'x-tessera-console': '1', 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'audit-test-browser' }, body: new URLSearchParams(fields) });
  // (carol: a device of her own, each code is spent once.)
  const carol = await iam.send(new CreateUserCommand({ UserName: 'carol' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: PASSWORD }));
  const carolMfa = await enabledMfaDevice(iam, 'carol', 'carol-mfa');
  assert.equal((await signin({ kind: 'user', account: acct, userName: 'alice', password: 'wrong-password' })).status, 401);
  assert.equal((await signin({ kind: 'user', account: acct, userName: 'carol', password: PASSWORD, mfaCode: oathtoolCode(carolMfa.seed, 30) })).status, 200);

  // Read back through boto3, from the next whole second on: botocore sends LookupEvents' times as whole epoch
  // seconds, so the script's EndTime (its start, cut to the second) must not fall in the second of the last call.
  await new Promise((r) => setTimeout(r, 1005 - (Date.now() % 1000)));
  const r = python(server, readFileSync(join(repoRoot, 'test', 'e2e', 'cloudtrail-lookup.py'), 'utf8'), server.root, {
    USER_NAME: 'alice', ROLE_ARN: roleArn, USER_KEY: alice.accessKeyId, USER_SECRET: alice.secretAccessKey,
  });
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Rec;
  const all = o.all as Rec[];
  const recs = all.map((e) => e.record as Rec);
  const find = (name: string, pred: (x: Rec) => boolean = () => true) => {
    const x = recs.find((rec) => rec.eventName === name && pred(rec));
    assert.ok(x, `a ${name} record`);
    return x;
  };

  // No secret, token or password anywhere in any record.
  const text = JSON.stringify(recs);
  for (const secret of [alice.secretAccessKey, bob.secretAccessKey, mfa.secretAccessKey, mfa.sessionToken!, role.secretAccessKey, role.sessionToken!, PASSWORD]) assert.ok(!text.includes(secret), 'no secret in the records');
  // Every record has AWS's fields.
  for (const rec of recs) {
    for (const f of ['eventVersion', 'userIdentity', 'eventTime', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent', 'requestID', 'eventID', 'readOnly', 'eventType', 'managementEvent', 'recipientAccountId', 'eventCategory']) assert.ok(f in rec, `${rec.eventName}: ${f}`);
    assert.ok('requestParameters' in rec && 'responseElements' in rec);
    assert.match(rec.eventTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(rec.recipientAccountId, acct);
    assert.equal(rec.managementEvent, true, 'LookupEvents answers management events only');
  }
  assert.ok(!recs.some((x) => x.eventName === 'GetObject' || x.eventName === 'PutObject'), 'S3 object reads and writes are data events: not looked up (and, without a trail selecting them, not recorded)');

  // CreateUser by root: AWS's example fields.
  const cu = find('CreateUser', (x) => x.requestParameters.userName === 'alice');
  assert.deepEqual(cu.userIdentity, { type: 'Root', principalId: acct, arn: `arn:aws:iam::${acct}:root`, accountId: acct, accessKeyId: server.root.accessKeyId });
  assert.deepEqual([cu.eventSource, cu.awsRegion, cu.eventType, cu.readOnly, cu.eventVersion], ['iam.amazonaws.com', 'us-east-1', 'AwsApiCall', false, '1.09']);
  assert.deepEqual(cu.requestParameters, { userName: 'alice' });
  assert.equal(cu.responseElements.user.userName, 'alice');
  assert.equal(cu.responseElements.user.userId, user.User!.UserId);
  assert.match(cu.responseElements.user.createDate, /^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$/, 'dates in elements as AWS prints them');
  // CreateAccessKey: the key id, not its secret; CreateLoginProfile: no password.
  const ck = find('CreateAccessKey', (x) => x.requestParameters?.userName === 'alice');
  assert.equal(ck.responseElements.accessKey.accessKeyId, alice.accessKeyId);
  assert.ok(!('secretAccessKey' in ck.responseElements.accessKey));
  assert.deepEqual(find('CreateLoginProfile', (x) => x.requestParameters.userName === 'alice').requestParameters, { userName: 'alice' });
  // EnableMFADevice: no codes.
  assert.deepEqual(Object.keys(find('EnableMFADevice').requestParameters).sort(), ['serialNumber', 'userName']);

  // AssumeRole refused without MFA: errorCode, errorMessage as the caller got it, IAMUser identity without sessionContext.
  const ar = o.byName as Rec[];
  assert.equal(ar.length, 2, 'both AssumeRole calls');
  const refused = ar.find((e) => e.record.errorCode)!.record as Rec;
  assert.equal(refused.errorCode, 'AccessDenied');
  assert.equal(refused.errorMessage, denied!.message);
  assert.deepEqual(refused.userIdentity, { type: 'IAMUser', principalId: user.User!.UserId, arn: user.User!.Arn, accountId: acct, accessKeyId: alice.accessKeyId, userName: 'alice' });
  assert.deepEqual(refused.requestParameters, { roleArn, roleSessionName: 'no-mfa' });
  assert.equal(refused.responseElements, null);
  // The denial's reason: sealed for the account's admins.
  const sealed = refused.additionalEventData.tesseraAuthorizationMessage as string;
  assert.ok(sealed.length > 40);
  const decoded = awsCli(server, ['sts', 'decode-authorization-message', '--encoded-message', sealed, '--endpoint-url', server.url, '--output', 'json']);
  assert.equal(decoded.status, 0, decoded.stderr);
  const why = JSON.parse(JSON.parse(decoded.stdout).DecodedMessage) as Rec;
  assert.equal(why.allowed, false);
  assert.equal(why.context.action, 'sts:AssumeRole');
  assert.equal(why.context.resource, roleArn);
  assert.equal(why.context.principal.arn, user.User!.Arn);
  const asAlice = awsCli(server, ['sts', 'decode-authorization-message', '--encoded-message', sealed, '--endpoint-url', server.url], alice);
  assert.notEqual(asAlice.status, 0);
  assert.match(asAlice.stderr, /AccessDenied/, 'the denied user cannot read the reason');

  // GetSessionToken with MFA: the new key id, not its secret or token; the MFA session's call says MFA.
  const gst = find('GetSessionToken');
  assert.deepEqual(gst.requestParameters, { serialNumber: bobMfa.serial });
  assert.deepEqual(Object.keys(gst.responseElements.credentials).sort(), ['accessKeyId', 'expiration']);
  assert.equal(gst.responseElements.credentials.accessKeyId, mfa.accessKeyId);
  const gci = find('GetCallerIdentity', (x) => x.userIdentity.accessKeyId === mfa.accessKeyId);
  assert.equal(gci.userIdentity.type, 'IAMUser');
  assert.equal(gci.userIdentity.userName, 'bob');
  assert.equal(gci.userIdentity.sessionContext.attributes.mfaAuthenticated, 'true');
  assert.match(gci.userIdentity.sessionContext.attributes.creationDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // AssumeRole with MFA: the codes are not recorded; the answer's key id, never its secret or token.
  const ok = ar.find((e) => !e.record.errorCode)!.record as Rec;
  assert.equal(ok.userIdentity.type, 'IAMUser');
  assert.equal(ok.userIdentity.accessKeyId, alice.accessKeyId);
  assert.deepEqual(ok.requestParameters, { roleArn, roleSessionName: 'audit-session', sourceIdentity: 'alice', serialNumber: serial });
  assert.deepEqual(Object.keys(ok.responseElements.credentials).sort(), ['accessKeyId', 'expiration']);
  assert.equal(ok.responseElements.credentials.accessKeyId, role.accessKeyId);
  assert.equal(ok.responseElements.assumedRoleUser.arn, `arn:aws:sts::${acct}:assumed-role/auditor/audit-session`);
  assert.equal(ok.responseElements.sourceIdentity, 'alice');
  const okSummary = ar.find((e) => !e.record.errorCode)!;
  assert.deepEqual(okSummary.Resources.map((x: Rec) => x.ResourceType).sort(), ['AWS::IAM::AccessKey', 'AWS::IAM::Role', 'AWS::STS::AssumedRole']);

  // S3 as the role session: AssumedRole identity with its issuer, MFA and source identity.
  const lb = find('ListBuckets');
  assert.deepEqual(lb.userIdentity, {
    type: 'AssumedRole',
    principalId: lb.userIdentity.principalId,
    arn: `arn:aws:sts::${acct}:assumed-role/auditor/audit-session`,
    accountId: acct,
    accessKeyId: role.accessKeyId,
    sessionContext: {
      sessionIssuer: { type: 'Role', principalId: lb.userIdentity.sessionContext.sessionIssuer.principalId, arn: roleArn, accountId: acct, userName: 'auditor' },
      webIdFederationData: {},
      attributes: { creationDate: lb.userIdentity.sessionContext.attributes.creationDate, mfaAuthenticated: 'true' },
      sourceIdentity: 'alice',
    },
  });
  assert.match(lb.userIdentity.principalId, /^AROA[A-Z0-9]+:audit-session$/);
  assert.deepEqual([lb.eventSource, lb.readOnly, lb.eventCategory], ['s3.amazonaws.com', true, 'Management']);
  const acl = find('GetBucketAcl');
  assert.equal(acl.errorCode, 'AccessDenied');
  assert.equal(acl.errorMessage, s3denied!.message);
  assert.equal(acl.requestParameters.bucketName, 'audit-closed');
  assert.deepEqual(acl.resources, [{ accountId: acct, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::audit-closed' }]);

  // Console sign-ins: AwsConsoleSignIn, MFAUsed, failure with errorMessage only.
  const logins = recs.filter((x) => x.eventName === 'ConsoleLogin');
  assert.equal(logins.length, 2);
  const [success, failure] = logins; // newest first
  assert.deepEqual([success.eventSource, success.eventType, success.awsRegion, success.userAgent], ['signin.amazonaws.com', 'AwsConsoleSignIn', 'us-east-1', 'audit-test-browser']);
  assert.deepEqual(success.responseElements, { ConsoleLogin: 'Success' });
  assert.equal(success.additionalEventData.MFAUsed, 'Yes');
  assert.deepEqual(success.userIdentity, { type: 'IAMUser', principalId: carol.User!.UserId, arn: carol.User!.Arn, accountId: acct, accessKeyId: '', userName: 'carol' });
  assert.equal(success.requestParameters, null);
  assert.deepEqual(failure.responseElements, { ConsoleLogin: 'Failure' });
  assert.equal(failure.errorMessage, 'Failed authentication');
  assert.ok(!('errorCode' in failure));
  assert.equal(failure.additionalEventData.MFAUsed, 'No', 'refused at the password');
  assert.equal(failure.userIdentity.userName, 'alice');

  // LookupEvents: newest first, every filter, paging, time range, refusals.
  const times = all.map((e) => e.EventTime as number);
  assert.deepEqual([...times].sort((a, b) => b - a), times, 'newest first');
  assert.deepEqual(o.paged2, all.map((e) => e.EventId), 'pages of 2 give the same events in the same order');
  assert.deepEqual([...new Set(o.byUser as string[])].sort(), ['AssumeRole', 'ConsoleLogin']);
  assert.ok(!o.byUser.includes('CreateUser'), 'Username is the caller, not the target');
  assert.deepEqual(o.byResourceName, ['AssumeRole', 'AssumeRole'], 'the role by its ARN');
  assert.ok(o.byResourceType.includes('CreateUser') && o.byResourceType.includes('CreateLoginProfile'));
  assert.deepEqual([...new Set(o.byKey as string[])].sort(), ['AssumeRole']);
  assert.deepEqual(o.bySource, ['ConsoleLogin', 'ConsoleLogin']);
  assert.deepEqual(o.readOnly, ['true']);
  assert.equal(o.byId, true);
  assert.equal(o.timeRange, true);
  assert.deepEqual(o.startAfterAll, []);
  assert.deepEqual(o.e_token_other_filter.slice(0, 2), ['InvalidNextTokenException', 400], 'a token is bound to its filters');
  assert.deepEqual(o.e_token_garbage.slice(0, 2), ['InvalidNextTokenException', 400]);
  assert.deepEqual(o.e_two_attrs.slice(0, 2), ['InvalidLookupAttributesException', 400]);
  assert.deepEqual(o.e_range.slice(0, 2), ['InvalidTimeRangeException', 400]);
  assert.equal(o.e_denied[0], 'AccessDeniedException');
  assert.match(o.e_denied[2], /not authorized to perform: cloudtrail:LookupEvents/);

  // The aws CLI: its own pagination over pages of one.
  const cli = awsCli(server, ['cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=ConsoleLogin', '--page-size', '1', '--endpoint-url', server.url, '--output', 'json']);
  assert.equal(cli.status, 0, cli.stderr);
  const cliEvents = JSON.parse(cli.stdout).Events as Rec[];
  assert.deepEqual(cliEvents.map((e) => JSON.parse(e.CloudTrailEvent).responseElements.ConsoleLogin), ['Success', 'Failure']);
  assert.deepEqual(cliEvents.map((e) => e.Username), ['carol', 'alice']);
});
