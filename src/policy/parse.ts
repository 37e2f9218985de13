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

const TOP_FIELDS = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
]);
const SID_ALNUM = /^[0-9A-Za-z]*$/;

const fail = (message: string): never => {
  throw new PolicyValidationError(message);
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(o: Record<string, unknown>, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

function stringList(v: unknown, emptyMessage: string): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) fail(emptyMessage);
  for (const x of list) if (typeof x !== 'string') fail(Messages.syntax);
  return list as string[];
}

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
  if (!isObject(doc)) return fail(Messages.syntax);
  for (const k of Object.keys(doc)) if (!TOP_FIELDS.has(k)) fail(Messages.unknown(k));

  let version: CompiledPolicy['version'] = '2008-10-17';
  if (has(doc, 'Version')) {
    const v = doc['Version'];
    if (typeof v !== 'string') fail(Messages.syntax);
    if (v === '2012-10-17' || v === '2008-10-17') version = v;
    else fail(Messages.legacy);
  }
  if (options.requireCurrentVersion && version !== '2012-10-17') fail(Messages.version);
  let id: string | undefined;
  if (has(doc, 'Id')) {
    if (typeof doc['Id'] !== 'string') fail(Messages.syntax);
    id = doc['Id'] as string;
  }
  if (!has(doc, 'Statement')) fail(Messages.missing('Statement'));
  const raw = doc['Statement'];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) fail(Messages.missing('Statement'));
  const sids = new Set<string>();
  const statements = list.map((s, i) => parseStatement(s, i, kind, version, sids));
  if (options.refuseAllowNotPrincipal && statements.some((st) => st.effect === 'Allow' && st.notPrincipal !== null)) {
    fail(Messages.notPrincipalAllow);
  }
  const partial = { kind, version, id, statements };
  return { ...partial, index: buildIndex(statements), contextKeys: collectContextKeys(statements) };
}

function parseStatement(
  s: unknown,
  index: number,
  kind: PolicyKind,
  version: CompiledPolicy['version'],
  sids: Set<string>,
): CompiledStatement {
  if (!isObject(s)) return fail(Messages.syntax);
  for (const k of Object.keys(s)) if (!STATEMENT_FIELDS.has(k)) fail(Messages.unknown(k));
  const variables = version === '2012-10-17';

  let sid: string | undefined;
  if (has(s, 'Sid')) {
    if (typeof s['Sid'] !== 'string') fail(Messages.syntax);
    sid = s['Sid'] as string;
    if (kind !== 'resource' && !SID_ALNUM.test(sid)) fail(Messages.sidAlnum);
    if (sid !== '') {
      if (sids.has(sid)) fail(Messages.sidUnique);
      sids.add(sid);
    }
  }

  if (!has(s, 'Effect')) fail(Messages.missing('Effect'));
  const effectRaw = s['Effect'];
  if (typeof effectRaw !== 'string') fail(Messages.syntax);
  if (effectRaw !== 'Allow' && effectRaw !== 'Deny') fail(Messages.effect(effectRaw as string));
  const effect = effectRaw as Effect;

  const wantsPrincipal = kind === 'resource' || kind === 'trust';
  let principal: PrincipalSpec | null = null;
  let notPrincipal: PrincipalSpec | null = null;
  for (const field of ['Principal', 'NotPrincipal'] as const) {
    if (has(s, field) && !wantsPrincipal) fail(Messages.prohibited(field));
  }
  if (wantsPrincipal) {
    if (has(s, 'Principal') && has(s, 'NotPrincipal')) fail(Messages.syntax);
    if (has(s, 'Principal')) principal = compilePrincipal(s['Principal']);
    else if (has(s, 'NotPrincipal')) notPrincipal = compilePrincipal(s['NotPrincipal']);
    else fail(Messages.missing('Principal'));
  }

  if (has(s, 'Action') && has(s, 'NotAction')) fail(Messages.syntax);
  let actions: Glob[] | null = null;
  let notActions: Glob[] | null = null;
  if (has(s, 'Action')) actions = parseActions(s['Action']);
  else if (has(s, 'NotAction')) notActions = parseActions(s['NotAction']);
  else fail(Messages.actions);

  let resources: Pattern[] | null = null;
  let notResources: Pattern[] | null = null;
  if (kind === 'trust') {
    for (const field of ['Resource', 'NotResource']) if (has(s, field)) fail(Messages.prohibited(field));
  } else {
    if (has(s, 'Resource') && has(s, 'NotResource')) fail(Messages.syntax);
    if (has(s, 'Resource')) resources = parseResources(s['Resource'], variables);
    else if (has(s, 'NotResource')) notResources = parseResources(s['NotResource'], variables);
    else fail(Messages.resources);
  }

  const conditions = has(s, 'Condition') ? parseConditions(s['Condition'], variables) : [];
  return { index, sid, effect, actions, notActions, resources, notResources, principal, notPrincipal, conditions };
}

function parseActions(v: unknown): Glob[] {
  return stringList(v, Messages.actions).map((a) => {
    if (a === '*') return compileGlob(a);
    const colon = a.indexOf(':');
    if (colon <= 0) fail(Messages.vendor);
    if (a.indexOf(':', colon + 1) >= 0) fail(Messages.oneColon);
    return compileGlob(a, true);
  });
}

function parseResources(v: unknown, variables: boolean): Pattern[] {
  return stringList(v, Messages.resources).map((r) => {
    if (r === '*') return compilePattern(r, 'glob', false);
    let colons = 0;
    for (let i = 0; i < r.length; i++) if (r.charCodeAt(i) === 58) colons++;
    if (!r.startsWith('arn:') || (colons < 5 && !r.endsWith('*'))) fail(Messages.resourceArn(r));
    return compilePattern(r, 'arn-resource', variables);
  });
}

function conditionValues(v: unknown): string[] {
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) fail(Messages.syntax);
  return list.map((x) => {
    if (typeof x === 'string') return x;
    if (typeof x === 'number' || typeof x === 'boolean') return String(x);
    return fail(Messages.syntax);
  });
}

function parseConditions(v: unknown, variables: boolean): CompiledCondition[] {
  if (!isObject(v)) return fail(Messages.syntax);
  const out: CompiledCondition[] = [];
  for (const operator of Object.keys(v)) {
    const parsed = parseOperator(operator);
    if (!parsed) fail(Messages.conditionType(operator));
    const block = v[operator];
    if (!isObject(block)) fail(Messages.syntax);
    for (const key of Object.keys(block as Record<string, unknown>)) {
      const colon = key.indexOf(':');
      if (colon <= 0 || colon === key.length - 1) fail(Messages.vendor);
      const values = conditionValues((block as Record<string, unknown>)[key]);
      const { info, set, ifExists } = parsed!;
      let nullValues: boolean[] | null = null;
      if (info.make === null) {
        nullValues = values.map((x) => {
          const t = x.toLowerCase();
          if (t !== 'true' && t !== 'false') fail(Messages.syntax);
          return t === 'true';
        });
      }
      out.push({
        operator,
        key,
        keyLower: key.toLowerCase(),
        set,
        ifExists,
        negated: info.negated,
        nullValues,
        matcher: info.make ? info.make(values, variables && info.variables) : null,
      });
    }
  }
  return out;
}
