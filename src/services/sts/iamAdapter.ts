/** Plugs IAM's functions into STS's adapter (see iam.ts). */
import type { Deps } from '../../server/deps.js';
import { noIam, type StsIamAdapter } from './iam.js';

export async function createIamAdapter(deps: Deps): Promise<StsIamAdapter> {
  void deps;
  return noIam;
}
