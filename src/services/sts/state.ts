/**
 * STS's view of IAM for one server (one Deps): the adapter (iamAdapter.ts) with its role cache, made on first
 * use. Nothing needs wiring first: it depends only on the store and the clock every Deps has.
 */
import type { Deps } from '../../server/deps.js';
import type { StsIamAdapter } from './iam.js';
import { createIamAdapter } from './iamAdapter.js';

const adapters = new WeakMap<Deps, StsIamAdapter>();

export function stsIam(deps: Deps): StsIamAdapter {
  let a = adapters.get(deps);
  if (!a) adapters.set(deps, (a = createIamAdapter(deps)));
  return a;
}
