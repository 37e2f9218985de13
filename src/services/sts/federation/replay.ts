/**
 * Exactly-once redemption of SAML assertions across every process sharing the store: an assertion is
 * remembered (provider + assertion ID, hashed) until it could no longer be redeemed anyway; a second
 * redemption fails on the primary key. Expired rows are swept now and then.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../../server/deps.js';

const SWEEP_EVERY_MS = 60_000;
const lastSweep = new WeakMap<object, number>();

/** True when this call redeemed the assertion; false when it had been redeemed before (a replay). */
export async function redeemOnce(deps: Deps, providerArn: string, assertionId: string, expiresAt: number, now: number): Promise<boolean> {
  const key = createHash('sha256').update(providerArn).update('\u0000').update(assertionId).digest('hex');
  if ((lastSweep.get(deps.store) ?? 0) + SWEEP_EVERY_MS < now) {
    lastSweep.set(deps.store, now);
    await deps.store.repos.federationReplay.deleteExpiredBefore(now);
  }
  // A remembered row that has expired no longer blocks (its assertion is refused on time anyway).
  return deps.store.repos.federationReplay.remember(key, expiresAt, now);
}
