/**
 * A browser-form upload's POST policy (S3 API Reference, "Creating a POST policy"): the base64 JSON document
 * with its expiration and conditions, checked against the form's fields as S3 checks it. Pure: no I/O.
 *
 * Conditions: exact match ({"name": "value"} or ["eq", "$name", "value"]), ["starts-with", "$name",
 * "prefix"] ("" allows anything), ["content-length-range", min, max]. Every field of the form must be
 * covered by a condition except x-amz-signature, file, policy and x-ignore-* fields.
 */
import { ServiceError } from '../../core/errors.js';

export interface LengthRange {
  min: number;
  max: number;
}

type Condition = { op: 'eq' | 'starts-with'; field: string; value: string; text: string } | { op: 'range'; range: LengthRange };

export interface PostPolicy {
  expiration: number;
  conditions: Condition[];
}

const invalidPolicy = (why: string) => new ServiceError('InvalidPolicyDocument', `Invalid Policy: ${why}`, 400);
const denied = (why: string) => new ServiceError('AccessDenied', `Invalid according to Policy: ${why}`, 403);

/** Fields no condition needs to cover (besides the signature's own, which the caller names). */
const UNCOVERED = new Set(['file', 'policy']);

/** The base64 policy → its expiration and conditions (InvalidPolicyDocument when it is not one). */
export function parsePostPolicy(base64: string): PostPolicy {
  let doc: unknown;
  try {
    doc = JSON.parse(Buffer.from(base64, 'base64').toString('utf8'));
  } catch {
    throw invalidPolicy('Invalid JSON.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidPolicy('Invalid JSON.');
  const { expiration, conditions } = doc as { expiration?: unknown; conditions?: unknown };
  if (typeof expiration !== 'string') throw invalidPolicy('Policy missing expiration.');
  const exp = Date.parse(expiration);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(expiration) || Number.isNaN(exp)) throw invalidPolicy('Invalid \'expiration\' value: \'' + expiration + "'");
  if (!Array.isArray(conditions)) throw invalidPolicy('Policy missing conditions.');
  return { expiration: exp, conditions: conditions.map(conditionOf) };
}

function conditionOf(c: unknown): Condition {
  if (Array.isArray(c)) {
    const [op, a, b] = c as unknown[];
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name === 'content-length-range') {
      const min = Number(a);
      const max = Number(b);
      if (c.length !== 3 || !Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min) throw invalidPolicy('Invalid content-length-range condition.');
      return { op: 'range', range: { min, max } };
    }
    if ((name === 'eq' || name === 'starts-with') && c.length === 3 && typeof a === 'string' && a.startsWith('$') && typeof b === 'string') {
      return { op: name, field: a.slice(1).toLowerCase(), value: b, text: JSON.stringify(c).replace(/","/g, '", "') };
    }
    throw invalidPolicy(`Invalid Condition: ${JSON.stringify(c)}`);
  }
  if (typeof c === 'object' && c !== null) {
    const entries = Object.entries(c);
    if (entries.length === 1 && typeof entries[0]![1] === 'string') {
      const [k, v] = entries[0] as [string, string];
      return { op: 'eq', field: k.toLowerCase(), value: v, text: `["eq", "$${k}", ${JSON.stringify(v)}]` };
    }
  }
  throw invalidPolicy(`Invalid Condition: ${JSON.stringify(c)}`);
}

/**
 * Checks the form against the policy at `now`: expiration, each condition, every field covered. `fields`
 * holds lower-cased names (the bucket among them, from the URL). Returns the content-length-range, if any.
 */
export function checkPostPolicy(
  policy: PostPolicy,
  fields: Map<string, string>,
  now: number,
  signatureFields: readonly string[] = ['x-amz-signature'],
): LengthRange | undefined {
  if (now > policy.expiration) throw denied('Policy expired.');
  let range: LengthRange | undefined;
  const covered = new Set<string>();
  for (const c of policy.conditions) {
    if (c.op === 'range') {
      range = c.range;
      continue;
    }
    covered.add(c.field);
    const v = fields.get(c.field) ?? '';
    const ok = c.op === 'eq' ? v === c.value : v.startsWith(c.value);
    if (!ok) throw denied(`Policy Condition failed: ${c.text}`);
  }
  const extra = [...fields.keys()].filter((k) => k !== 'bucket' && !UNCOVERED.has(k) && !signatureFields.includes(k) && !k.startsWith('x-ignore-') && !covered.has(k));
  if (extra.length > 0) throw denied(`Extra input fields: ${extra.join(', ')}`);
  return range;
}
