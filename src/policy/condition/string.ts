// String operators (StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
// StringLike, StringNotLike) and Bool, which compares "true"/"false" without regard to case.
import { globMatch, type Glob } from '../match/glob.js';
import { compilePattern, isTemplate, resolvePattern, type PatternMode, type PatternTemplate } from '../variables.js';
import type { RequestContext } from '../types.js';
import type { ValueMatcher } from './types.js';

export class PatternMatcher implements ValueMatcher {
  private readonly patterns: readonly (Glob | PatternTemplate)[];
  private readonly lower: boolean;
  constructor(values: readonly string[], mode: PatternMode, variables: boolean) {
    this.patterns = values.map((v) => compilePattern(v, mode, variables));
    this.lower = mode === 'literal-lower';
  }
  /** The patterns that contain policy variables. */
  templatePatterns(): PatternTemplate[] {
    return this.patterns.filter(isTemplate);
  }
  matchesAny(requestValue: string, ctx: RequestContext): boolean {
    const v = this.lower ? requestValue.toLowerCase() : requestValue;
    for (const p of this.patterns) {
      const g = isTemplate(p) ? resolvePattern(p, ctx) : p;
      if (g !== null && globMatch(g, v)) return true;
    }
    return false;
  }
}

export const stringEquals = (values: readonly string[], vars: boolean) => new PatternMatcher(values, 'literal', vars);
export const stringEqualsIgnoreCase = (values: readonly string[], vars: boolean) =>
  new PatternMatcher(values, 'literal-lower', vars);
export const stringLike = (values: readonly string[], vars: boolean) => new PatternMatcher(values, 'glob', vars);
export const bool = (values: readonly string[], vars: boolean) => new PatternMatcher(values, 'literal-lower', vars);
