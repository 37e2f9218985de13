// evaluate(..., { explain: true }) "lists all [statements] that apply" (types.ts): every applicable
// statement, not only the first one of each policy that raises the principal-match level.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate } from './evaluate.js';
import { parsePolicy } from './parse.js';
import type { EvaluationRequest, PolicyKind, SourcedPolicy } from './types.js';

const src = (statements: object[], kind: PolicyKind, type: SourcedPolicy['source']['type'], id: string): SourcedPolicy => ({
  policy: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: statements }), kind),
  source: { type, id },
});
const base: Omit<EvaluationRequest, 'identityPolicies'> = {
  action: 's3:GetObject',
  resource: 'arn:aws:s3:::b/k',
  principal: { type: 'user', arn: 'arn:aws:iam::111111111111:user/alice', accountId: '111111111111' },
  context: { 'aws:SecureTransport': 'true' },
};
const listed = (d: ReturnType<typeof evaluate>) => d.matched.map((m) => `${m.source.id}#${m.statementIndex}:${m.effect}`);

const cases: { name: string; identity: object[]; resource?: object[]; explain: string[]; plain: number; effect: string }[] = [
  {
    name: 'two allows of one identity policy',
    identity: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    explain: ['id#0:Allow', 'id#1:Allow'],
    plain: 1,
    effect: 'Allow',
  },
  {
    name: 'two denies of one identity policy (an allow is not listed for a deny)',
    identity: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Get*', Resource: '*' }, { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }],
    explain: ['id#1:Deny', 'id#2:Deny'],
    plain: 1,
    effect: 'ExplicitDeny',
  },
  {
    name: 'a statement whose condition fails is not listed',
    identity: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
    explain: ['id#0:Allow'],
    plain: 1,
    effect: 'Allow',
  },
  {
    name: 'resource policy statements at the same principal level are all listed',
    identity: [],
    resource: [
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/alice' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
      { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:user/bob' }, Action: 's3:*', Resource: '*' },
    ],
    explain: ['rp#0:Allow', 'rp#1:Allow'],
    plain: 1,
    effect: 'Allow',
  },
];

for (const c of cases) {
  test(`explain lists every applicable statement: ${c.name}`, () => {
    const req: EvaluationRequest = {
      ...base,
      identityPolicies: c.identity.length ? [src(c.identity, 'identity', 'identity-based', 'id')] : [],
      ...(c.resource ? { resourcePolicy: src(c.resource, 'resource', 'resource-based', 'rp') } : {}),
    };
    const full = evaluate(req, { explain: true });
    assert.equal(full.effect, c.effect);
    assert.deepEqual(listed(full).filter((x) => x.endsWith(c.effect === 'ExplicitDeny' ? 'Deny' : 'Allow')).sort(), c.explain);
    const plain = evaluate(req);
    assert.equal(plain.effect, c.effect);
    assert.equal(plain.matched.length, c.plain, 'without explain, only the deciding statement');
  });
}
