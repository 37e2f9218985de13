// A stored resource-based policy that today's grammar refuses (stored under older rules) grants nothing,
// and deciding never throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Authorizer } from './authorize.js';
import type { Caller } from '../auth/caller.js';

const user: Caller = { type: 'user', accountId: '111122223333', arn: 'arn:aws:iam::111122223333:user/bob', userId: 'AIDAEXAMPLE', userName: 'bob' };
const doc = (st: object) => JSON.stringify({ Version: '2012-10-17', Statement: [st] });

const table: Array<[string, string, 'Allow' | 'ImplicitDeny']> = [
  ['a trust policy naming the user', doc({ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' }), 'Allow'],
  ['the same with NotPrincipal (now refused in trust policies)', doc({ Effect: 'Allow', NotPrincipal: { AWS: '444455556666' }, Action: 'sts:AssumeRole' }), 'ImplicitDeny'],
  ['a numeric value that is not a number', doc({ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 'soon' } } }), 'ImplicitDeny'],
  ['not JSON', '{', 'ImplicitDeny'],
];

for (const [name, trust, effect] of table) {
  test(`stored trust policy, ${name}: ${effect}`, () => {
    const check = { action: 'sts:AssumeRole', resource: 'arn:aws:iam::111122223333:role/R', kind: 'trust' as const, resourcePolicy: { document: trust, id: 'R' } };
    assert.equal(new Authorizer().decide(user, { identity: [] }, check, {}).effect, effect);
  });
}
