// Grammar and validation of policy documents (IAM User Guide, "Grammar of the IAM JSON policy
// language" and "IAM JSON policy elements reference"). parsePolicy never throws anything but a
// PolicyValidationError, whatever the input.
import { Messages, PolicyValidationError } from './errors.js';
import { compileGlob, type Glob } from './match/glob.js';
import { compilePattern } from './variables.js';
import { compilePrincipal, type PrincipalSpec } from './principal.js';
import { parseOperator } from './condition/operators.js';
import type { CompiledCondition } from './condition/types.js';
import { buildIndex } from './policyIndex.js';
import { validateDocument } from './grammar/validate.js';
import { statementsOf } from './grammar/syntax.js';
import { collectContextKeys } from './contextKeys.js';
import type { CompiledPolicy, CompiledStatement, Effect, Pattern, PolicyKind } from './types.js';

export interface ParseOptions {
  /**
   * Refuse documents without "Version": "2012-10-17" (IAM managed policies:
   * "Policy document must be version 2012-10-17 or greater.").
   */
  readonly requireCurrentVersion?: boolean;
  /**
   * Refuse a statement with "Effect": "Allow" and NotPrincipal (AWS: NotPrincipal "must be used with
   * "Effect":"Deny""; S3's PutBucketPolicy answers MalformedPolicy). Documents already stored are
   * parsed without it: the evaluation reads such a statement as granting nothing.
   */
  readonly refuseAllowNotPrincipal?: boolean;
}

const fail = (message: string): never => {
  throw new PolicyValidationError(message);
};

const has = (o: Record<string, unknown>, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** The strings of a string-or-list element (validated: `null` members of Resource lists are skipped). */
const stringList = (v: unknown): string[] => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

/** Parses, validates and compiles a policy document for use as `kind`. */
export function parsePolicy(text: string, kind: PolicyKind, options: ParseOptions = {}): CompiledPolicy {
  try {
    return parseUnchecked(text, kind, options);
  } catch (e) {
    if (e instanceof PolicyValidationError) throw e;
    // Anything else (e.g. a RangeError from absurd nesting) is still a malformed document.
    throw new PolicyValidationError(Messages.syntax);
  }
}

function parseUnchecked(text: string, kind: PolicyKind, options: ParseOptions): CompiledPolicy {
  if (typeof text !== 'string') fail(Messages.syntax);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail(Messages.syntax);
  }
  validateDocument(doc, kind, options);
  const version: CompiledPolicy['version'] = doc['Version'] === '2012-10-17' ? '2012-10-17' : '2008-10-17';
  const id = typeof doc['Id'] === 'string' ? doc['Id'] : undefined;
  const statements = statementsOf(doc).map((s, i) => compileStatement(s, i, version));
  if (options.refuseAllowNotPrincipal && statements.some((st) => st.effect === 'Allow' && st.notPrincipal !== null)) {
    throw new PolicyValidationError(Messages.notPrincipalAllow, 'Principal');
  }
  const partial = { kind, version, id, statements };
  return { ...partial, index: buildIndex(statements), contextKeys: collectContextKeys(statements) };
}

/** A policy with no statements (allows nothing): a deleted boundary, session policies all gone. */
export function emptyPolicy(kind: PolicyKind): CompiledPolicy {
  return { kind, version: '2012-10-17', id: undefined, statements: [], index: buildIndex([]), contextKeys: collectContextKeys([]) };
}

/** Compiles a statement validateDocument accepted. */
function compileStatement(s: Record<string, unknown>, index: number, version: CompiledPolicy['version']): CompiledStatement {
  const variables = version === '2012-10-17';
  const sid = typeof s['Sid'] === 'string' ? s['Sid'] : undefined;
  const effect = s['Effect'] as Effect;
  const principal: PrincipalSpec | null = has(s, 'Principal') ? compilePrincipal(s['Principal']) : null;
  const notPrincipal: PrincipalSpec | null = has(s, 'NotPrincipal') ? compilePrincipal(s['NotPrincipal']) : null;
  const actions = has(s, 'Action') ? parseActions(s['Action']) : null;
  const notActions = has(s, 'NotAction') ? parseActions(s['NotAction']) : null;
  const resources = has(s, 'Resource') ? parseResources(s['Resource'], variables) : null;
  const notResources = has(s, 'NotResource') ? parseResources(s['NotResource'], variables) : null;
  const conditions = has(s, 'Condition') ? parseConditions(s['Condition'] as Record<string, unknown>, variables) : [];
  return { index, sid, effect, actions, notActions, resources, notResources, principal, notPrincipal, conditions };
}

function parseActions(v: unknown): Glob[] {
  return stringList(v).map((a) => (a === '*' ? compileGlob(a) : compileGlob(a, true)));
}

function parseResources(v: unknown, variables: boolean): Pattern[] {
  return stringList(v).map((r) => (r === '*' ? compilePattern(r, 'glob', false) : compilePattern(r, 'arn-resource', variables)));
}

/** Compiles validated conditions; an operator AWS accepts only with no keys (an unknown name) adds nothing. */
function parseConditions(v: Record<string, unknown>, variables: boolean): CompiledCondition[] {
  const out: CompiledCondition[] = [];
  for (const [operator, block] of Object.entries(v)) {
    const parsed = parseOperator(operator);
    if (!parsed) continue;
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      const { info, set, ifExists } = parsed;
      out.push({
        operator,
        key,
        keyLower: key.toLowerCase(),
        set,
        ifExists,
        negated: info.negated,
        nullValues: info.make === null ? values.map((x) => x.toLowerCase() === 'true') : null,
        matcher: info.make ? info.make(values, variables && info.variables) : null,
      });
    }
  }
  return out;
}
