// Validation of a policy document in the order AWS reports the first error (the AWS-recorded
// cases of test/fixtures/aws-recorded-policies): (1) the document's shape ("Syntax errors in
// policy."), (2) the Version a managed policy requires, (3) the legacy parser ("The policy failed
// legacy parsing": an Effect not spelled exactly Allow/Deny, a Date or Numeric condition value that
// does not parse), (4) statement IDs, (5) each statement: its principal fields, resources
// (resourceArn.ts), actions, then the required elements.
import { Messages, PolicyValidationError } from '../errors.js';
import { parseOperator } from '../condition/operators.js';
import { parseNumber } from '../condition/numeric.js';
import { compilePrincipal } from '../principal.js';
import type { PolicyKind } from '../types.js';
import { isDateValue } from './isoDate.js';
import { resourceError } from './resourceArn.js';
import { checkSyntax, has, statementsOf, type Json } from './syntax.js';

export interface ValidateOptions {
  /** IAM managed policies: "Policy document must be version 2012-10-17 or greater." */
  readonly requireCurrentVersion?: boolean;
}

/** Sid characters. AWS documents [0-9A-Za-z]; its IAM accepts "_" too (AWS-recorded). */
const SID_CHARS = /^[0-9A-Za-z_]*$/;
/** A service prefix: letters, digits, '-', '.', '_' and wildcards ("s3-s", "s3.s" are accepted). */
const VENDOR = /^[A-Za-z0-9._*?-]+$/;

const fail = (message: string): never => {
  throw new PolicyValidationError(message);
};

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

function legacy(st: Json): void {
  if (st['Effect'] !== 'Allow' && st['Effect'] !== 'Deny') fail(Messages.legacy);
  for (const [operator, block] of Object.entries((st['Condition'] ?? {}) as Json)) {
    const base = parseOperator(operator)?.base ?? '';
    const valid = base.startsWith('Date') ? isDateValue : base.startsWith('Numeric') ? (s: string) => !Number.isNaN(parseNumber(s)) : null;
    if (!valid) continue;
    for (const value of Object.values(block as Json)) for (const x of list(value)) if (!valid(String(x))) fail(Messages.legacy);
  }
}

function statementIds(statements: Json[], kind: PolicyKind): void {
  const seen = new Set<string>();
  for (const st of statements) {
    if (!has(st, 'Sid')) continue;
    const sid = st['Sid'] as string;
    if (kind !== 'resource' && !SID_CHARS.test(sid)) fail(Messages.sidAlnum);
    if (sid === '') continue;
    if (seen.has(sid)) fail(Messages.sidUnique);
    seen.add(sid);
  }
}

function action(a: string): void {
  if (a === '*') return;
  const colon = a.indexOf(':');
  if (colon <= 0) fail(Messages.vendor);
  if (a.indexOf(':', colon + 1) >= 0) fail(Messages.oneColon);
  const vendor = a.slice(0, colon);
  if (!VENDOR.test(vendor)) fail(Messages.vendorInvalid(vendor));
}

function statement(st: Json, kind: PolicyKind): void {
  const wantsPrincipal = kind === 'resource' || kind === 'trust';
  for (const f of ['Principal', 'NotPrincipal']) if (has(st, f) && !wantsPrincipal) fail(Messages.prohibited(f));
  // "You cannot use the NotPrincipal element in an IAM identity-based policy nor in an IAM role trust policy."
  if (kind === 'trust' && has(st, 'NotPrincipal')) fail(Messages.prohibited('NotPrincipal'));
  if (wantsPrincipal && !has(st, 'Principal') && !has(st, 'NotPrincipal')) fail(Messages.missing('Principal'));
  for (const f of ['Principal', 'NotPrincipal']) if (has(st, f)) compilePrincipal(st[f]);
  if (kind === 'trust') for (const f of ['Resource', 'NotResource']) if (has(st, f)) fail(Messages.prohibited(f));
  for (const r of strings(st['Resource'] ?? st['NotResource'])) {
    const e = resourceError(r);
    if (e) throw new PolicyValidationError(e, 'Resource');
  }
  const actions = strings(st['Action'] ?? st['NotAction']);
  if (actions.length === 0) fail(Messages.actions);
  actions.forEach(action);
  if (kind !== 'trust' && strings(st['Resource'] ?? st['NotResource']).length === 0) fail(Messages.resources);
}

/** Throws a PolicyValidationError with AWS's message for the first error AWS would report. */
export function validateDocument(doc: unknown, kind: PolicyKind, options: ValidateOptions = {}): asserts doc is Json {
  checkSyntax(doc);
  if (options.requireCurrentVersion && doc['Version'] !== '2012-10-17') fail(Messages.version);
  const statements = statementsOf(doc);
  statements.forEach(legacy);
  statementIds(statements, kind);
  for (const st of statements) statement(st, kind);
}
