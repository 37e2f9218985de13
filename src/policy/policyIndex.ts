// Groups a policy's statements by effect and by the service prefix of their actions, so that
// evaluation only looks at statements that can match the requested action's service.
import type { ActionIndex, CompiledStatement } from './types.js';

function serviceOf(pattern: string): string | null {
  const colon = pattern.indexOf(':');
  if (colon <= 0) return null;
  const svc = pattern.slice(0, colon);
  return svc.includes('*') || svc.includes('?') ? null : svc;
}

export function buildIndex(statements: readonly CompiledStatement[]): ActionIndex {
  const deny = new Map<string, CompiledStatement[]>();
  const allow = new Map<string, CompiledStatement[]>();
  const denyAny: CompiledStatement[] = [];
  const allowAny: CompiledStatement[] = [];
  for (const st of statements) {
    const byService = st.effect === 'Deny' ? deny : allow;
    const any = st.effect === 'Deny' ? denyAny : allowAny;
    if (st.actions === null) {
      any.push(st);
      continue;
    }
    const services = new Set<string>();
    let wildcard = false;
    for (const a of st.actions) {
      const svc = serviceOf(a.chars);
      if (svc === null) wildcard = true;
      else services.add(svc);
    }
    if (wildcard) {
      any.push(st);
      continue;
    }
    for (const svc of services) {
      let list = byService.get(svc);
      if (!list) byService.set(svc, (list = []));
      list.push(st);
    }
  }
  return { deny, denyAny, allow, allowAny };
}
