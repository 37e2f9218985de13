/**
 * `tessera export-state`: every account of a store in the state file's format (YAML, or JSON with
 * --json). Secrets (access-key secrets, MFA seeds, server certificates' private keys, root keys of other accounts) only with --include-secrets.
 */
import { stringify } from 'yaml';
import type { Deps } from '../../server/deps.js';
import { snapshotAccount, toFileShape } from './snapshot.js';

export async function exportState(deps: Deps, opts: { includeSecrets: boolean; json: boolean }): Promise<string> {
  const accounts = [];
  for (const a of await deps.store.repos.accounts.list()) accounts.push(toFileShape(await snapshotAccount(deps, a.id, opts.includeSecrets)));
  const doc = { accounts };
  return opts.json ? JSON.stringify(doc, null, 2) + '\n' : stringify(doc, { lineWidth: 0 });
}
