/**
 * A bounded fuzzer for the policy engine's decisions (src/policy/parse.test.ts fuzzes the parser): random,
 * valid policy sets (identity, resource, boundary, session) and random requests (principal kinds, same or
 * other account, context keys). Properties, each over a fixed number of runs with a fixed seed (reproducible):
 *  - evaluate() never throws and answers one of the three effects;
 *  - deny by default: with no Allow statement anywhere, nothing but the account root's own-account identity
 *    side is ever allowed;
 *  - an Allow always names an applicable Allow statement (explain mode), unless the caller is the root;
 *  - an explicit Deny of everything in any policy type wins over any set of Allows;
 *  - adding a permissions boundary or session policies never turns a refusal into an Allow;
 *  - adding a Deny statement never turns a refusal into an Allow.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as fc from 'fast-check';
import { evaluate, parsePolicy } from '../../src/policy/index.js';
import type { EvaluationRequest, PolicyKind, PolicyType, RequestPrincipal, SourcedPolicy } from '../../src/policy/index.js';

// Fixed for CI; TESSERA_FUZZ_RUNS / TESSERA_FUZZ_SEED explore further locally.
const RUNS = Number(process.env.TESSERA_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.TESSERA_FUZZ_SEED ?? 20261206);
const A = '111122223333';
const B = '444455556666';

type Stmt = Record<string, unknown>;
const actions = fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:*', 's3:Get*', 's3:Get?bject', '*', 'iam:GetUser', 'iam:*', 'sts:AssumeRole', 'S3:getobject');
const resources = fc.constantFrom('*', 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/k', 'arn:aws:s3:::b', 'arn:aws:s3:::${aws:username}/*', `arn:aws:iam::${A}:user/*`, `arn:aws:iam::${A}:role/r`, 'arn:aws:s3:::*');
const conditions = fc.constantFrom<Record<string, unknown> | undefined>(
  undefined,
  undefined,
  undefined,
  undefined,
  undefined,
  { StringEquals: { 'aws:username': 'alice' } },
  { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
  { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } },
  { StringLike: { 's3:prefix': ['a*', ''] } },
  { Null: { 'aws:TokenIssueTime': 'false' } },
  { StringNotEquals: { 'aws:PrincipalAccount': A } },
  { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['team'] } },
  { StringEqualsIfExists: { 'aws:RequestedRegion': 'us-east-1' } },
);
const principals = fc.constantFrom<unknown>('*', { AWS: `arn:aws:iam::${A}:user/alice` }, { AWS: A }, { AWS: `arn:aws:iam::${B}:root` }, { AWS: `arn:aws:iam::${A}:role/r` });

function statement(withPrincipal: boolean): fc.Arbitrary<Stmt> {
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Allow', 'Deny'),
      notAction: fc.boolean(),
      action: fc.array(actions, { minLength: 1, maxLength: 3 }),
      notResource: fc.boolean(),
      resource: fc.array(resources, { minLength: 1, maxLength: 2 }),
      condition: conditions,
      principal: principals,
    })
    .map((r) => {
      const s: Stmt = { Effect: r.effect };
      s[r.notAction && r.effect === 'Deny' ? 'NotAction' : 'Action'] = r.action;
      s[r.notResource ? 'NotResource' : 'Resource'] = r.resource;
      if (r.condition) s.Condition = r.condition;
      if (withPrincipal) s.Principal = r.principal;
      return s;
    });
}
const policyDoc = (withPrincipal: boolean) => fc.array(statement(withPrincipal), { minLength: 1, maxLength: 4 });

const principal = fc.constantFrom<RequestPrincipal>(
  { type: 'user', arn: `arn:aws:iam::${A}:user/alice`, accountId: A },
  { type: 'user', arn: `arn:aws:iam::${A}:user/bob`, accountId: A },
  { type: 'assumed-role', arn: `arn:aws:sts::${A}:assumed-role/r/s`, accountId: A, roleArn: `arn:aws:iam::${A}:role/r` },
  { type: 'federated-user', arn: `arn:aws:sts::${A}:federated-user/f`, accountId: A, userArn: `arn:aws:iam::${A}:user/alice` },
  { type: 'user', arn: `arn:aws:iam::${B}:user/mallory`, accountId: B },
  { type: 'anonymous', arn: '*' },
  { type: 'root', arn: `arn:aws:iam::${A}:root`, accountId: A },
);
const context = fc.record(
  {
    'aws:username': fc.constantFrom('alice', 'bob', 'mallory'),
    'aws:MultiFactorAuthPresent': fc.constantFrom('true', 'false'),
    'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.0.2.1', '::1'),
    's3:prefix': fc.constantFrom('', 'a', 'abc', 'z'),
    'aws:TokenIssueTime': fc.constant('2026-12-06T00:00:00Z'),
    'aws:PrincipalAccount': fc.constantFrom(A, B),
    'aws:TagKeys': fc.array(fc.constantFrom('team', 'cost'), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** Present one time in three. */
const sometimes = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: a });

interface Scenario {
  action: string;
  resource: string;
  principal: RequestPrincipal;
  otherAccount: boolean;
  context: Record<string, string | string[]>;
  identity: Stmt[][];
  resourcePolicy: Stmt[] | null;
  boundary: Stmt[] | null;
  session: Stmt[] | null;
}
const scenario: fc.Arbitrary<Scenario> = fc.record({
  action: fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:ListBucket', 'iam:GetUser', 'sts:AssumeRole'),
  resource: fc.constantFrom('arn:aws:s3:::b/k', 'arn:aws:s3:::b', 'arn:aws:s3:::alice/x', `arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:role/r`, '*'),
  principal,
  otherAccount: fc.boolean(),
  context,
  identity: fc.array(policyDoc(false), { maxLength: 3 }),
  resourcePolicy: sometimes(policyDoc(true)),
  boundary: sometimes(policyDoc(false)),
  session: sometimes(policyDoc(false)),
});

const compile = (stmts: Stmt[], kind: PolicyKind, type: PolicyType, id: string): SourcedPolicy => ({
  policy: parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: stmts }), kind),
  source: { type, id },
});

function request(s: Scenario, tweak: Partial<Pick<Scenario, 'identity' | 'resourcePolicy' | 'boundary' | 'session'>> = {}): EvaluationRequest {
  const x = { ...s, ...tweak };
  const identityAllowed = x.principal.type !== 'anonymous';
  return {
    action: x.action,
    resource: x.resource,
    principal: x.principal,
    ...(x.otherAccount ? { resourceAccountId: B === x.principal.accountId ? A : B } : {}),
    context: x.context,
    identityPolicies: identityAllowed ? x.identity.map((d, i) => compile(d, 'identity', 'identity-based', `identity/${i}`)) : [],
    ...(x.resourcePolicy ? { resourcePolicy: compile(x.resourcePolicy, 'resource', 'resource-based', 'resource') } : {}),
    ...(x.boundary && identityAllowed ? { permissionsBoundary: compile(x.boundary, 'boundary', 'permissions boundary', 'boundary') } : {}),
    ...(x.session && identityAllowed ? { sessionPolicies: [compile(x.session, 'session', 'session', 'session/0')] } : {}),
  };
}

const params = { numRuns: RUNS, seed: SEED, endOnFailure: true } as const;
const onlyDenies = (d: Stmt[]) => d.map((s) => ({ ...s, Effect: 'Deny' }));
const denyAll: Stmt = { Effect: 'Deny', Action: '*', Resource: '*' };
/** The account root's identity side allows by itself (AWS: no policy restricts the root of its own account). */
const rootAtHome = (s: Scenario) => s.principal.type === 'root' && !s.otherAccount;

test('evaluate() never throws and answers one of the three effects (each of which the generator reaches)', () => {
  const seen = new Map<string, number>();
  fc.assert(
    fc.property(scenario, (s) => {
      const d = evaluate(request(s), { explain: true });
      assert.ok(['Allow', 'ExplicitDeny', 'ImplicitDeny'].includes(d.effect));
      seen.set(d.effect, (seen.get(d.effect) ?? 0) + 1);
    }),
    params,
  );
  // The properties below are not vacuous: a fair share of the scenarios are allowed, and of each refusal.
  for (const e of ['Allow', 'ExplicitDeny', 'ImplicitDeny']) assert.ok((seen.get(e) ?? 0) >= RUNS / 20, `${e}: ${seen.get(e) ?? 0} of ${RUNS}`);
});

test('deny by default: without any Allow statement nothing is allowed (except the root at home)', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      fc.pre(!rootAtHome(s));
      const d = evaluate(request(s, { identity: s.identity.map(onlyDenies), ...(s.resourcePolicy ? { resourcePolicy: onlyDenies(s.resourcePolicy) } : {}) }));
      assert.notEqual(d.effect, 'Allow', JSON.stringify(s));
    }),
    params,
  );
});

test('an Allow always names an applicable Allow statement (explain mode)', () => {
  fc.assert(
    fc.property(scenario, (s) => {
      fc.pre(s.principal.type !== 'root');
      const d = evaluate(request(s), { explain: true });
      if (d.effect === 'Allow') assert.ok(d.matched.some((m) => m.effect === 'Allow'), JSON.stringify({ s, d }));
    }),
    params,
  );
});

test('an explicit Deny of everything wins, in an identity, resource, boundary or session policy', () => {
  fc.assert(
    fc.property(scenario, fc.constantFrom('identity', 'resource', 'boundary', 'session'), (s, where) => {
      fc.pre(s.principal.type !== 'anonymous' || where === 'resource');
      const tweak =
        where === 'identity'
          ? { identity: [...s.identity, [denyAll]] }
          : where === 'resource'
            ? { resourcePolicy: [...(s.resourcePolicy ?? []), { ...denyAll, Principal: '*' }] }
            : where === 'boundary'
              ? { boundary: [...(s.boundary ?? [{ Effect: 'Allow', Action: '*', Resource: '*' }]), denyAll] }
              : { session: [...(s.session ?? [{ Effect: 'Allow', Action: '*', Resource: '*' }]), denyAll] };
      // The root has no identity policies, boundary or session policies of its own: only a resource policy binds it.
      fc.pre(s.principal.type !== 'root' || where === 'resource');
      assert.equal(evaluate(request(s, tweak)).effect, 'ExplicitDeny', JSON.stringify({ s, where }));
    }),
    params,
  );
});

test('a boundary or session policies never turn a refusal into an Allow; nor does an added Deny', () => {
  fc.assert(
    fc.property(scenario, policyDoc(false), statement(false), (s, extra, deny) => {
      const base = evaluate(request(s, { boundary: null, session: null })).effect;
      if (base === 'Allow') return;
      assert.notEqual(evaluate(request(s, { boundary: extra, session: null })).effect, 'Allow', 'boundary widened');
      // (A federated-user session without session policies has no permissions at all: its base is not comparable.)
      if (s.principal.type !== 'federated-user') assert.notEqual(evaluate(request(s, { boundary: null, session: extra })).effect, 'Allow', 'session policy widened');
      const withDeny = request(s, { boundary: null, session: null, identity: [...s.identity, [{ ...deny, Effect: 'Deny' }]] });
      assert.notEqual(evaluate(withDeny).effect, 'Allow', 'a Deny widened');
    }),
    params,
  );
});
