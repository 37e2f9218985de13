// The first pass over a policy document: its shape. Every failure here is AWS's "Syntax errors in
// policy." (the AWS-recorded cases: unknown fields, a Version other than the two dates, an empty or
// missing Statement, a missing or unknown Effect, both Action and NotAction, values of the wrong JSON
// type, an unknown condition operator with keys, a condition value that is an object).
import { Messages, PolicyValidationError } from '../errors.js';
import { parseOperator } from '../condition/operators.js';

export type Json = Record<string, unknown>;

const TOP_FIELDS = new Set(['Version', 'Id', 'Statement']);
export const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const PAIRS = [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const has = (o: Json, k: string) => Object.prototype.hasOwnProperty.call(o, k);

function check(ok: boolean): void {
  if (!ok) throw new PolicyValidationError(Messages.syntax);
}

/** A string or a list of strings (`null` members allowed where `nulls`). */
function stringOrList(v: unknown, nulls = false): void {
  if (typeof v === 'string') return;
  check(Array.isArray(v));
  for (const x of v as unknown[]) check(typeof x === 'string' || (nulls && x === null));
}

const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';

function condition(v: unknown): void {
  check(isObject(v));
  for (const [operator, block] of Object.entries(v as Json)) {
    check(isObject(block));
    const keys = Object.entries(block as Json);
    if (keys.length === 0) continue; // AWS accepts an empty block, whatever its operator's name
    const parsed = parseOperator(operator);
    check(parsed !== null);
    for (const [, value] of keys) {
      const list = Array.isArray(value) ? value : [value];
      for (const x of list) check(scalar(x));
      if (parsed!.info.make === null) for (const x of list) check(['true', 'false'].includes(String(x).toLowerCase()));
    }
  }
}

function statement(s: unknown): void {
  check(isObject(s));
  const st = s as Json;
  for (const k of Object.keys(st)) check(STATEMENT_FIELDS.has(k));
  if (has(st, 'Sid')) check(typeof st['Sid'] === 'string');
  check(typeof st['Effect'] === 'string' && ['allow', 'deny'].includes((st['Effect'] as string).toLowerCase()));
  for (const [a, b] of PAIRS) check(!(has(st, a) && has(st, b)));
  for (const f of ['Action', 'NotAction']) if (has(st, f)) stringOrList(st[f]);
  for (const f of ['Resource', 'NotResource']) if (has(st, f)) stringOrList(st[f], true);
  if (has(st, 'Condition')) condition(st['Condition']);
}

/** Throws "Syntax errors in policy." unless `doc` has the shape of a policy document. */
export function checkSyntax(doc: unknown): asserts doc is Json {
  check(isObject(doc));
  const d = doc as Json;
  for (const k of Object.keys(d)) check(TOP_FIELDS.has(k));
  if (has(d, 'Version')) check(d['Version'] === '2012-10-17' || d['Version'] === '2008-10-17');
  if (has(d, 'Id')) check(typeof d['Id'] === 'string');
  check(has(d, 'Statement'));
  const list = Array.isArray(d['Statement']) ? (d['Statement'] as unknown[]) : [d['Statement']];
  check(list.length > 0);
  for (const s of list) statement(s);
}

export const statementsOf = (doc: Json): Json[] => (Array.isArray(doc['Statement']) ? doc['Statement'] : [doc['Statement']]) as Json[];
