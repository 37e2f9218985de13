/** STS's per-server state, attached to the server's Deps at start-up by wire.ts. */
import type { Deps } from '../../server/deps.js';
import type { StsIamAdapter } from './iam.js';
import type { SessionResolverHandle } from './resolver.js';

export interface StsState {
  iam: StsIamAdapter;
  resolver: SessionResolverHandle;
}

const states = new WeakMap<Deps, StsState>();

export function stsState(deps: Deps): StsState {
  const s = states.get(deps);
  if (!s) throw new Error('STS is not wired (wireSts was not called)');
  return s;
}

export const setStsState = (deps: Deps, state: StsState) => states.set(deps, state);
