// Does a statement apply to a request? Action, resource and conditions; the principal of
// resource-based policies is checked by the caller (evaluate.ts).
import { globMatch, type Glob } from './match/glob.js';
import { isTemplate, resolvePattern } from './variables.js';
import { evaluateCondition } from './condition/evaluate.js';
import type { CompiledStatement, Pattern, RequestContext } from './types.js';

export interface MatchInput {
  /** Lower-cased action. */
  readonly action: string;
  readonly resource: string;
  readonly ctx: RequestContext;
  readonly missing: string[] | null;
}

function anyGlob(globs: readonly Glob[], value: string): boolean {
  for (let i = 0; i < globs.length; i++) if (globMatch(globs[i]!, value)) return true;
  return false;
}

function anyPattern(patterns: readonly Pattern[], value: string, ctx: RequestContext): boolean {
  for (let i = 0; i < patterns.length; i++) {
    const p = patterns[i]!;
    const g = isTemplate(p) ? resolvePattern(p, ctx) : p;
    if (g !== null && globMatch(g, value)) return true;
  }
  return false;
}

export function actionAndResourceMatch(st: CompiledStatement, m: MatchInput): boolean {
  if (st.actions !== null) {
    if (!anyGlob(st.actions, m.action)) return false;
  } else if (anyGlob(st.notActions!, m.action)) return false;
  if (st.resources !== null) {
    if (!anyPattern(st.resources, m.resource, m.ctx)) return false;
  } else if (st.notResources !== null && anyPattern(st.notResources, m.resource, m.ctx)) return false;
  return true;
}

export function conditionsMatch(st: CompiledStatement, m: MatchInput): boolean {
  const cs = st.conditions;
  for (let i = 0; i < cs.length; i++) if (!evaluateCondition(cs[i]!, m.ctx, m.missing)) return false;
  return true;
}
