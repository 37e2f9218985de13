// Shared by the per-family condition specs (string.test.ts, numeric.test.ts, ...): one row is one condition
// (operator, policy values) evaluated against one request context, through the real policy parser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createContext } from '../context.js';
import { parsePolicy } from '../parse.js';
import { evaluateCondition } from './evaluate.js';

/** The request side: a string is a single-valued key, an array a multi-valued one; MISSING leaves the key out. */
export const MISSING = Symbol('missing');
export type RequestValue = string | string[] | typeof MISSING;

export type Row = readonly [operator: string, policy: unknown, request: RequestValue, expected: boolean, why: string];

const KEY = 'test:key';

/** Evaluates one `{ operator: { test:key: policy } }` condition against `{ test:key: request }` (plus `extra`). */
export function evaluate(operator: string, policy: unknown, request: RequestValue, extra: Record<string, string> = {}): boolean {
  const doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 'x:y', Resource: '*', Condition: { [operator]: { [KEY]: policy } } } };
  const c = parsePolicy(JSON.stringify(doc), 'identity').statements[0]!.conditions[0]!;
  const ctx = createContext(request === MISSING ? extra : { ...extra, [KEY]: request });
  return evaluateCondition(c, ctx, null);
}

/** One node:test per operator, each row asserted with its reason. */
export function table(rows: readonly Row[]): void {
  const byOperator = new Map<string, Row[]>();
  for (const r of rows) byOperator.set(r[0], [...(byOperator.get(r[0]) ?? []), r]);
  for (const [operator, list] of byOperator) {
    test(operator, () => {
      for (const [, policy, request, expected, why] of list) {
        const shown = request === MISSING ? '(missing)' : JSON.stringify(request);
        assert.equal(evaluate(operator, policy, request), expected, `${operator} ${JSON.stringify(policy)} vs ${shown}: ${why}`);
      }
    });
  }
}
