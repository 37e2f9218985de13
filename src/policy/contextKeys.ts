// The context keys a policy references: condition keys and policy-variable keys (for
// GetContextKeysForPolicy / GetContextKeysForPrincipalPolicy). First spelling kept, compared case-insensitively.
import { isTemplate } from './variables.js';
import { PatternMatcher } from './condition/string.js';
import type { CompiledPolicy, CompiledStatement, Pattern } from './types.js';

export function collectContextKeys(statements: readonly CompiledStatement[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const add = (k: string) => {
    const l = k.toLowerCase();
    if (!seen.has(l)) (seen.add(l), out.push(k));
  };
  const fromPatterns = (ps: readonly Pattern[] | null) => {
    if (ps) for (const p of ps) if (isTemplate(p)) for (const v of p.vars) add(v.name);
  };
  for (const st of statements) {
    fromPatterns(st.resources);
    fromPatterns(st.notResources);
    for (const c of st.conditions) {
      add(c.key);
      if (c.matcher instanceof PatternMatcher) fromPatterns(c.matcher.templatePatterns());
    }
  }
  return out;
}

/** The context keys referenced by one or more policies, de-duplicated case-insensitively. */
export function listContextKeys(...policies: readonly CompiledPolicy[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of policies)
    for (const k of p.contextKeys) if (!seen.has(k.toLowerCase())) (seen.add(k.toLowerCase()), out.push(k));
  return out;
}
