/**
 * TagUser / ListUserTags in process (test/helpers/inProcess.ts): AWS's tag limits, duplicate keys, and the
 * target's tags as iam:ResourceTag / aws:ResourceTag condition keys of the check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Caller } from '../../../auth/caller.js';
import { inProcess, type InProcess } from '../../../../test/helpers/inProcess.js';

const tags = (n: number, prefix = 'k') => Object.fromEntries(Array.from({ length: n }, (_, i) => [[`Tags.member.${i + 1}.Key`, `${prefix}${i}`], [`Tags.member.${i + 1}.Value`, `v${i}`]]).flat());

describe('TagUser (in process)', () => {
  let p: InProcess;
  let alice: Caller;
  before(async () => {
    p = await inProcess();
    await p.query('iam', 'CreateUser', { UserName: 'target' });
    alice = await p.user('alice');
    // alice may tag and read only users tagged team=blue.
    const policy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['iam:TagUser', 'iam:ListUserTags'], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } }],
    };
    await p.query('iam', 'PutUserPolicy', { UserName: 'alice', PolicyName: 'blue-only', PolicyDocument: JSON.stringify(policy) });
  });
  after(() => p.close());

  const refusal = (code: string, status: number) => (e: { code?: string; status?: number }) => e.code === code && e.status === status;

  test('50 tags are accepted; a 51st added later is LimitExceeded, 51 in one call fail the model (ValidationError)', async () => {
    await p.query('iam', 'CreateUser', { UserName: 'many' });
    await p.query('iam', 'TagUser', { UserName: 'many', ...tags(50) });
    const out = (await p.query('iam', 'ListUserTags', { UserName: 'many', MaxItems: '100' })) as { Tags: Array<{ Key: string; Value: string }> };
    assert.equal(out.Tags.length, 50);
    assert.deepEqual(out.Tags[0], { Key: 'k0', Value: 'v0' });
    await assert.rejects(p.query('iam', 'TagUser', { UserName: 'many', ...tags(1, 'extra') }), refusal('LimitExceeded', 409));
    await p.query('iam', 'CreateUser', { UserName: 'toomany' });
    await assert.rejects(p.query('iam', 'TagUser', { UserName: 'toomany', ...tags(51) }), refusal('ValidationError', 400));
    const none = (await p.query('iam', 'ListUserTags', { UserName: 'toomany' })) as { Tags: unknown[] };
    assert.deepEqual(none.Tags, [], 'a refused TagUser changes nothing');
  });

  test('a key given twice in one call (whatever its case) is InvalidInput; a re-tag of a key replaces its value', async () => {
    await assert.rejects(
      p.query('iam', 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'Team', 'Tags.member.1.Value': 'a', 'Tags.member.2.Key': 'team', 'Tags.member.2.Value': 'b' }),
      refusal('InvalidInput', 400),
    );
    await p.query('iam', 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
    await p.query('iam', 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' });
    const out = (await p.query('iam', 'ListUserTags', { UserName: 'target' })) as { Tags: Array<{ Key: string; Value: string }> };
    assert.equal(out.Tags.length, 1);
    assert.equal(out.Tags[0]!.Value, 'blue');
  });

  test('AWS model limits: a 129-character key or a 257-character value is a ValidationError', async () => {
    await assert.rejects(p.query('iam', 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'k'.repeat(129), 'Tags.member.1.Value': 'v' }), refusal('ValidationError', 400));
    await assert.rejects(p.query('iam', 'TagUser', { UserName: 'target', 'Tags.member.1.Key': 'k', 'Tags.member.1.Value': 'v'.repeat(257) }), refusal('ValidationError', 400));
  });

  test('the target user\'s tags are the check\'s aws:ResourceTag keys: allowed on a blue user, AccessDenied on a red one', async () => {
    await p.query('iam', 'CreateUser', { UserName: 'red-user', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'red' });
    await p.query('iam', 'CreateUser', { UserName: 'blue-user', 'Tags.member.1.Key': 'team', 'Tags.member.1.Value': 'blue' });
    await p.query('iam', 'TagUser', { UserName: 'blue-user', 'Tags.member.1.Key': 'by', 'Tags.member.1.Value': 'alice' }, alice);
    const blue = (await p.query('iam', 'ListUserTags', { UserName: 'blue-user' }, alice)) as { Tags: Array<{ Key: string }> };
    assert.deepEqual(blue.Tags.map((t) => t.Key).sort(), ['by', 'team']);
    await assert.rejects(p.query('iam', 'TagUser', { UserName: 'red-user', 'Tags.member.1.Key': 'by', 'Tags.member.1.Value': 'alice' }, alice), (e: { code?: string; message?: string }) => {
      assert.equal(e.code, 'AccessDenied');
      assert.match(e.message ?? '', /arn:aws:iam::123456789012:user\/alice is not authorized to perform: iam:TagUser on resource: arn:aws:iam::123456789012:user\/red-user/);
      return true;
    });
    const red = (await p.query('iam', 'ListUserTags', { UserName: 'red-user' })) as { Tags: Array<{ Key: string }> };
    assert.deepEqual(red.Tags.map((t) => t.Key), ['team'], 'the refused TagUser changed nothing');
  });
});
