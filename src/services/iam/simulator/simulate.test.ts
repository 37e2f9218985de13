// Walks cases.json beside this module: each request through the simulator's own path (input checks,
// evaluation, paging) as SimulateCustomPolicy / SimulatePrincipalPolicy run it, minus the store.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { ServiceError } from '../../../core/errors.js';
import { sourcePath } from '../../../core/paths.js';
import { parsePolicy } from '../../../policy/index.js';
import { inputCaller, inputPolicies, type SimPolicy, type SourcePolicyType } from './input.js';
import { runSimulation, type SimulationInput } from './run.js';
import type { EvaluationResult, MatchedStatement, ResourceSpecificResult } from './simulate.js';
import { statementPositions } from './statementPositions.js';

const API_ACCOUNT = '111111111111';
type Doc = string | object;
const text = (d: Doc) => (typeof d === 'string' ? d : JSON.stringify(d, null, 4));

type Matched = [string, string, number, number, number, number];
interface Expect {
  action: string;
  resourceName?: string;
  decision: string;
  matched?: Matched[];
  missing?: string[];
  details?: Record<string, string>;
  boundary?: boolean;
  resources?: { resource: string; decision: string; matched?: Matched[]; missing?: string[]; details?: Record<string, string> }[];
}
interface Case {
  name: string;
  source: string;
  request: Record<string, unknown> & { PolicyInputList?: Doc[]; PermissionsBoundaryPolicyInputList?: Doc[]; ResourcePolicy?: Doc };
  principal?: { user: string; identity: [string, SourcePolicyType, object][] };
  expect?: Expect[];
  error?: string;
}

const { cases } = JSON.parse(readFileSync(sourcePath('services', 'iam', 'simulator', 'cases.json'), 'utf8')) as { cases: Case[] };

const flat = (ms: MatchedStatement[] | undefined): Matched[] =>
  (ms ?? []).map((m) => [m.SourcePolicyId, m.SourcePolicyType, m.StartPosition.Line, m.StartPosition.Column, m.EndPosition.Line, m.EndPosition.Column]);
const sorted = (xs: string[] | undefined) => [...(xs ?? [])].sort();

function check(where: string, got: EvaluationResult | ResourceSpecificResult, want: { matched?: Matched[]; missing?: string[]; details?: Record<string, string> }) {
  if (want.matched) assert.deepEqual(flat(got.MatchedStatements), want.matched, `${where} MatchedStatements`);
  if (want.missing) assert.deepEqual(sorted(got.MissingContextValues), sorted(want.missing), `${where} MissingContextValues`);
  if (want.details) assert.deepEqual(got.EvalDecisionDetails, want.details, `${where} EvalDecisionDetails`);
}

async function run(k: Case): Promise<EvaluationResult[]> {
  const r = k.request;
  const input = {
    ...r,
    ...(r.PolicyInputList ? { PolicyInputList: r.PolicyInputList.map(text) } : {}),
    ...(r.PermissionsBoundaryPolicyInputList ? { PermissionsBoundaryPolicyInputList: r.PermissionsBoundaryPolicyInputList.map(text) } : {}),
    ...(r.ResourcePolicy !== undefined ? { ResourcePolicy: text(r.ResourcePolicy) } : {}),
  } as SimulationInput;
  const stored: SimPolicy[] = (k.principal?.identity ?? []).map(([id, type, d]) => ({ id, type, text: text(d), policy: parsePolicy(text(d), 'identity') }));
  const out = await runSimulation(input, {
    accountId: API_ACCOUNT,
    identity: [...stored, ...inputPolicies(input.PolicyInputList, 'PolicyInputList', 'identity')],
    user: k.principal ? inputCaller(k.principal.user) : undefined,
  });
  assert.equal(out.IsTruncated, false);
  return out.EvaluationResults as EvaluationResult[];
}

for (const [i, k] of cases.entries()) {
  test(`cases.json #${i}: ${k.name}`, async () => {
    if (k.error) {
      await assert.rejects(run(k), (e: unknown) => e instanceof ServiceError && e.code === k.error, k.error);
      return;
    }
    const results = await run(k);
    assert.deepEqual(results.map((e) => e.EvalActionName), k.expect!.map((e) => e.action));
    for (const [j, want] of k.expect!.entries()) {
      const got = results[j]!;
      assert.equal(got.EvalDecision, want.decision, `${want.action} EvalDecision`);
      if (want.resourceName) assert.equal(got.EvalResourceName, want.resourceName);
      check(want.action, got, want);
      if (want.boundary !== undefined) assert.equal(got.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, want.boundary);
      assert.equal('OrganizationsDecisionDetail' in got, false);
      if (want.resources) {
        assert.deepEqual(got.ResourceSpecificResults?.map((x) => [x.EvalResourceName, x.EvalResourceDecision]), want.resources.map((x) => [x.resource, x.decision]));
        for (const [n, w] of want.resources.entries()) check(`${want.action} ${w.resource}`, got.ResourceSpecificResults![n]!, w);
      }
    }
  });
}

test('cases.json has at least 40 cases', () => assert.ok(cases.length >= 40, String(cases.length)));

test('statement positions: lone statement object, array, nested brackets in strings', () => {
  const lone = '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}';
  assert.deepEqual(statementPositions(lone), [{ StartPosition: { Line: 1, Column: 37 }, EndPosition: { Line: 1, Column: 86 } }]);
  const two = '{"Statement": [ {"Effect":"Allow","Action":"a:b","Resource":"arn:x:{]}"} ,\n{"Effect":"Deny","Action":"a:c","Resource":"*"}]}';
  assert.deepEqual(statementPositions(two), [
    { StartPosition: { Line: 1, Column: 16 }, EndPosition: { Line: 1, Column: 73 } },
    { StartPosition: { Line: 1, Column: 75 }, EndPosition: { Line: 2, Column: 48 } },
  ]);
  assert.deepEqual(statementPositions('not json'), []);
});
