/**
 * The reset for test suites (POST /_admin/reset, with --allow-reset): every row but the key ring, the
 * settings and the default account's root keys is deleted in one transaction, the deleted objects' blobs
 * removed, every cache dropped, and the `--init` file applied again as it was resolved at start-up
 * (generated keys and seeds included: the same credentials work after a reset).
 */
import type { Deps } from '../../server/deps.js';
import { ALL_TOPICS } from '../../store/store.js';
import { applyState } from './apply.js';
import type { StateSpec } from './format.js';

export function stateResetter(deps: Deps, resolvedInit: StateSpec | undefined): () => Promise<void> {
  return async () => {
    // Uses recorded before the reset are written first, so none lands after the wipe.
    await deps.usage?.flush();
    const blobIds = await deps.store.repos.stateReset.wipeAllBut(deps.config.accountId);
    await deps.blobs.remove(blobIds);
    await deps.store.publish(ALL_TOPICS);
    if (resolvedInit) await applyState(deps, resolvedInit);
  };
}
