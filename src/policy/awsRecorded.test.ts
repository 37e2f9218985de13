// Table-driven: the AWS-recorded accept/refuse cases of test/fixtures/aws-recorded-policies/ (see
// its README) against the validator, as each case's IAM operation applies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePolicy, type ParseOptions } from './parse.js';
import { PolicyValidationError } from './errors.js';
import type { PolicyKind } from './types.js';

// Compiled tests run from dist/src/policy; the fixture stays in test/fixtures.
const file = fileURLToPath(new URL('../../../test/fixtures/aws-recorded-policies/aws-recorded.json', import.meta.url));

interface Case {
  name: string;
  operation: string;
  document: string;
  expect: { valid?: true; error?: string };
}

/** How each recorded operation applies the validator (as the IAM operations of src/services/iam do). */
const USES: Record<string, { kind: PolicyKind; options: ParseOptions }> = {
  CreatePolicy: { kind: 'identity', options: { requireCurrentVersion: true } },
};

function outcome(k: Case): { valid: true } | { error: string } {
  const use = USES[k.operation];
  assert.ok(use, `unknown operation ${k.operation}`);
  try {
    parsePolicy(k.document, use.kind, use.options);
    return { valid: true };
  } catch (e) {
    assert.ok(e instanceof PolicyValidationError, String(e));
    return { error: e.message };
  }
}

const cases = JSON.parse(readFileSync(file, 'utf8')) as Case[];
for (const [i, k] of cases.entries()) {
  test(`aws-recorded #${i}: ${k.name}`, () => {
    assert.deepEqual(outcome(k), k.expect, k.document);
  });
}

test('the AWS-recorded corpus: counts', () => {
  const valid = cases.filter((k) => k.expect.valid);
  const invalid = cases.filter((k) => k.expect.error !== undefined);
  const accepted = valid.filter((k) => 'valid' in outcome(k)).length;
  const refused = invalid.filter((k) => 'error' in outcome(k)).length;
  const sameMessage = invalid.filter((k) => (outcome(k) as { error?: string }).error === k.expect.error).length;
  console.log(`aws-recorded: ${accepted}/${valid.length} valid accepted, ${refused}/${invalid.length} invalid refused, ${sameMessage}/${invalid.length} messages equal`);
  assert.ok(valid.length >= 50 && invalid.length >= 70);
  assert.equal(accepted, valid.length);
  assert.equal(refused, invalid.length);
  assert.equal(sameMessage, invalid.length);
});
