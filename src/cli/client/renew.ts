/**
 * Runs a call with resolved credentials; when a cached session is refused as expired or invalid (the
 * server's clock, a revoked key), the entry is dropped and the credentials resolved once more — which
 * needs a fresh MFA code and says why when none can be had (exit 253).
 */
import { removeSession } from './cache.js';
import type { Resolved, ResolveOptions } from './credentials.js';
import { errorCode, isSdkServiceError } from './exitCodes.js';
import { isDeadCredentials } from './sts.js';

export async function withRenewal<T>(resolve: (o: ResolveOptions) => Promise<Resolved>, o: ResolveOptions, use: (r: Resolved) => Promise<T>): Promise<T> {
  const r = await resolve(o);
  try {
    return await use(r);
  } catch (e) {
    if (!(r.fromCache && r.cacheId && isDeadCredentials(e))) throw e;
    removeSession(r.cacheId);
    const code = isSdkServiceError(e) ? errorCode(e) : 'refused';
    const reason = `STS refused the cached ${r.kind === 'role' ? 'role' : 'MFA'} session of profile '${r.profile}' (${code}); it was removed from the cache`;
    (o.note ?? ((m: string) => process.stderr.write(`tessera: ${m}\n`)))(reason);
    return use(await resolve({ ...o, reason }));
  }
}
