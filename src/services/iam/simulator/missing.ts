/**
 * MissingContextValues: the condition keys that statements applying to the action and resource reference
 * and the request did not supply. The engine stops at a condition's first missing key; the simulator
 * reports every one, from identity-based policies, the boundary and the resource-based policy alike.
 * A statement "applies" when its Action and Resource match, its Principal and Condition aside, and with
 * each policy variable of its Resource read as `*` (so a statement on `home/${aws:username}/*` asks for
 * aws:username when the request lacks it).
 */
import { evaluate, listContextKeys, parsePolicy, type CompiledPolicy, type RequestPrincipal } from '../../../policy/index.js';
import type { SimPolicy } from './input.js';

interface Part {
  /** The statement without Sid, Principal and Condition, as an Allow in an identity policy. */
  scope: CompiledPolicy;
  keys: string[];
}

const cache = new Map<string, Part[]>();

/** A Resource element with each ${...} policy variable read as `*`. */
const anyVariable = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(anyVariable) : typeof v === 'string' ? v.replace(/\$\{[^}]*\}/g, '*') : v;

function partsOf(p: SimPolicy): Part[] {
  const key = `${p.policy.kind}\n${p.text}`;
  let parts = cache.get(key);
  if (parts) return parts;
  parts = [];
  try {
    const d = JSON.parse(p.text) as { Version?: string; Statement?: unknown };
    const sts = (Array.isArray(d.Statement) ? d.Statement : [d.Statement]) as Record<string, unknown>[];
    const one = (x: object) => JSON.stringify({ ...(d.Version ? { Version: d.Version } : {}), Statement: [x] });
    for (const st of sts) {
      const { Condition: _c, Principal: _p, NotPrincipal: _n, Sid: _s, ...rest } = st;
      const bare: Record<string, unknown> = 'Resource' in rest || 'NotResource' in rest ? { ...rest } : { ...rest, Resource: '*' };
      if (d.Version === '2012-10-17') for (const f of ['Resource', 'NotResource']) if (f in bare) bare[f] = anyVariable(bare[f]);
      parts.push({ scope: parsePolicy(one({ ...bare, Effect: 'Allow' }), 'identity'), keys: listContextKeys(parsePolicy(one(st), p.policy.kind)) });
    }
  } catch {
    parts = [];
  }
  if (cache.size > 1000) cache.clear();
  cache.set(key, parts);
  return parts;
}

export function missingKeys(
  policies: readonly SimPolicy[],
  action: string,
  resource: string,
  principal: RequestPrincipal,
  context: Record<string, string | string[]>,
  fromEngine: readonly string[],
): string[] {
  const have = new Set(Object.keys(context).map((k) => k.toLowerCase()));
  const out = new Map<string, string>();
  const add = (k: string) => {
    const l = k.toLowerCase();
    if (!have.has(l) && !out.has(l)) out.set(l, k);
  };
  fromEngine.forEach(add);
  for (const p of policies) {
    for (const part of partsOf(p)) {
      if (part.keys.length === 0) continue;
      const d = evaluate({ action, resource, principal, context, identityPolicies: [{ policy: part.scope, source: { type: 'identity-based', id: 's' } }] });
      if (d.effect === 'Allow') part.keys.forEach(add);
    }
  }
  return [...out.values()];
}
