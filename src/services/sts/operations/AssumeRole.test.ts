/**
 * AssumeRole's trust evaluation in process (test/helpers/inProcess.ts): a table of trust policies ×
 * requests, each allowed (temporary credentials, the assumed-role ARN) or refused (AccessDenied naming the
 * action). The trust conditions see the request's keys: sts:ExternalId, sts:RoleSessionName, session tags
 * (which also need sts:TagSession), a source identity (sts:SetSourceIdentity).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../auth/caller.js';
import { ACCOUNT, inProcess, type InProcess } from '../../../../test/helpers/inProcess.js';

const trust = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements });

describe('AssumeRole trust conditions (in process)', () => {
  let p: InProcess;
  let alice: Caller;
  let n = 0;
  before(async () => {
    p = await inProcess();
    alice = await p.user('alice');
  });
  after(() => p.close());

  /** A new role trusting `statements`; then AssumeRole as alice with `params`: 'allowed' or the error code. */
  async function assume(statements: object[], params: Record<string, string> = {}, caller: Caller = alice): Promise<string> {
    const name = `role-${++n}`;
    await p.query('iam', 'CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust(statements) });
    try {
      const out = (await p.query('sts', 'AssumeRole', { RoleArn: `arn:aws:iam::${ACCOUNT}:role/${name}`, RoleSessionName: 'alice-1', ...params }, caller)) as {
        Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
        AssumedRoleUser: { Arn: string };
      };
      assert.match(out.Credentials.AccessKeyId, /^ASIA[A-Z2-7]{16}$/);
      assert.equal(out.AssumedRoleUser.Arn, `arn:aws:sts::${ACCOUNT}:assumed-role/${name}/${params.RoleSessionName ?? 'alice-1'}`);
      return 'allowed';
    } catch (e) {
      const err = e as { code?: string; message?: string };
      if (err.code === 'AccessDenied' && caller.type !== 'root') assert.match(err.message ?? '', /is not authorized to perform: sts:(AssumeRole|TagSession|SetSourceIdentity) on resource: arn:aws:iam::123456789012:role\//);
      return caller.type === 'root' ? `${err.code}: ${err.message}` : (err.code ?? String(e));
    }
  }

  const aliceArn = () => alice.arn;
  const allow = (action: string | string[], condition?: object) => ({ Effect: 'Allow', Principal: { AWS: aliceArn() }, Action: action, ...(condition ? { Condition: condition } : {}) });

  test('sts:ExternalId: the right id is allowed; a wrong or missing one is AccessDenied', async () => {
    const s = [allow('sts:AssumeRole', { StringEquals: { 'sts:ExternalId': 'expected-id' } })];
    assert.equal(await assume(s, { ExternalId: 'expected-id' }), 'allowed');
    assert.equal(await assume(s, { ExternalId: 'other-id' }), 'AccessDenied');
    assert.equal(await assume(s), 'AccessDenied');
  });

  test('sts:RoleSessionName: a pattern in the trust policy decides', async () => {
    const s = [allow('sts:AssumeRole', { StringLike: { 'sts:RoleSessionName': 'alice-*' } })];
    assert.equal(await assume(s, { RoleSessionName: 'alice-2' }), 'allowed');
    assert.equal(await assume(s, { RoleSessionName: 'bob' }), 'AccessDenied');
  });

  test('session tags need sts:TagSession too, and meet aws:RequestTag / aws:TagKeys conditions', async () => {
    const tags = { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' };
    assert.equal(await assume([allow('sts:AssumeRole')], tags), 'AccessDenied');
    assert.equal(await assume([allow(['sts:AssumeRole', 'sts:TagSession'])], tags), 'allowed');
    const onlyBlue = [allow('sts:AssumeRole'), allow('sts:TagSession', { StringEquals: { 'aws:RequestTag/team': 'blue' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } })];
    assert.equal(await assume(onlyBlue, tags), 'allowed');
    assert.equal(await assume(onlyBlue, { 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' }), 'AccessDenied');
    assert.equal(await assume(onlyBlue, { 'Tags.member.1.Key': 'cost', 'Tags.member.1.Value': 'blue' }), 'AccessDenied');
  });

  test('a source identity needs sts:SetSourceIdentity', async () => {
    assert.equal(await assume([allow('sts:AssumeRole')], { SourceIdentity: 'alice@example.com' }), 'AccessDenied');
    assert.equal(await assume([allow(['sts:AssumeRole', 'sts:SetSourceIdentity'])], { SourceIdentity: 'alice@example.com' }), 'allowed');
  });

  test('a trust policy naming the account needs the caller\'s identity policy as well; naming the user does not', async () => {
    const account = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }];
    const bob = await p.user('bob');
    assert.equal(await assume(account, {}, bob), 'AccessDenied');
    await p.query('iam', 'PutUserPolicy', {
      UserName: 'bob',
      PolicyName: 'assume-any',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }),
    });
    assert.equal(await assume(account, {}, bob), 'allowed');
    assert.equal(await assume([allow('sts:AssumeRole')]), 'allowed', 'alice, named directly, has no identity policy');
  });

  test('the root user cannot assume a role, whatever the trust policy says', async () => {
    const s = [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'sts:AssumeRole' }];
    assert.equal(await assume(s, {}, p.root), 'AccessDenied: Roles may not be assumed by root accounts.');
  });
});
