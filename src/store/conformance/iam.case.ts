/**
 * The conformance cases of the iam repositories (store/repos/), run by store/conformance.test.ts on
 * every backend (SQLite in memory and on disk, PostgreSQL).
 */
import type { ConformanceEnv } from './env.js';

export function iamCases(_env: ConformanceEnv): void {
  // Each case: test('<repo>: <what it guarantees>', async () => { ... env.store().repos.<repo> ... }).
}
