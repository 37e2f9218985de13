// Evaluating one compiled condition against the request context.
//   - key absent: ...IfExists → true; ForAllValues → true (an empty set); ForAnyValue → false;
//     negated operators → true; others → false. Null tests presence itself.
//   - several policy values: OR (for negated operators: none may match, i.e. NOR).
//   - ForAllValues: every request value must match some policy value (negated: none).
//   - ForAnyValue: some request value must match some policy value (negated: match none).
//   - no qualifier on a multi-valued key: as ForAnyValue (negated: no request value matches).
// A key whose value is an empty list counts as absent.
import type { RequestContext } from '../types.js';
import { SET_FOR_ALL, SET_FOR_ANY, type CompiledCondition } from './types.js';

/** `missing` receives the keys that were looked up and not found. */
export function evaluateCondition(c: CompiledCondition, ctx: RequestContext, missing: string[] | null): boolean {
  const vals = ctx.get(c.keyLower);
  const present = vals !== undefined && vals.length > 0;
  if (c.nullValues !== null) {
    if (!present && missing && !missing.includes(c.key)) missing.push(c.key);
    for (const absent of c.nullValues) if (absent !== present) return true;
    return false;
  }
  if (!present) {
    if (missing && !missing.includes(c.key)) missing.push(c.key);
    if (c.ifExists || c.set === SET_FOR_ALL) return true;
    if (c.set === SET_FOR_ANY) return false;
    return c.negated;
  }
  const m = c.matcher!;
  if (c.set === SET_FOR_ALL) {
    for (const v of vals) if (m.matchesAny(v, ctx) === c.negated) return false;
    return true;
  }
  if (c.set === SET_FOR_ANY) {
    for (const v of vals) if (m.matchesAny(v, ctx) !== c.negated) return true;
    return false;
  }
  for (const v of vals) if (m.matchesAny(v, ctx)) return !c.negated;
  return c.negated;
}
