/**
 * IAM's user resolver (server/app.ts registers it with Credentials): an IAM user's access-key row → its
 * Caller (ARN with the user's current path). The user row is cached by id until `user:ID` (rename, path
 * change, delete) is published, and never longer than the store's cache TTL. A key's last use is recorded by
 * the pipeline (services/iam/usage.ts).
 */
import type { Caller } from '../../auth/caller.js';
import type { UserResolver } from '../../auth/credentials.js';
import type { Deps } from '../../server/deps.js';
import type { AccessKeysTable } from '../../store/schema.js';
import { ALL_TOPICS } from '../../store/store.js';
import { rowArn } from './util.js';

export function iamUserResolver(deps: Deps): UserResolver {
  const users = deps.store.cache<string, Caller | null>(100_000);
  deps.store.onChange((topic) => {
    if (topic.startsWith('user:')) users.delete(topic.slice(5));
    else if (topic === 'accounts' || topic === ALL_TOPICS) users.clear();
  });

  const resolve: UserResolver = async (row: AccessKeysTable) => {
    if (!row.user_id) return undefined;
    let caller = users.get(row.user_id);
    if (caller === undefined) {
      const generation = users.generation;
      const u = await deps.store.repos.entities.getById(row.user_id);
      caller =
        u && u.kind === 'user' && u.account_id === row.account_id
          ? { type: 'user', accountId: u.account_id, arn: rowArn(u), userId: u.id, userName: u.name }
          : null;
      users.set(row.user_id, caller, generation);
    }
    return caller ?? undefined;
  };

  return resolve;
}
