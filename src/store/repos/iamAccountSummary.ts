/** The counts GetAccountSummary reports, read across the account's IAM tables. */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { entitiesRepo } from './iamEntities.js';

type Db = Kysely<Database>;

export interface IamAccountCounts {
  users: number;
  groups: number;
  roles: number;
  /** Customer managed policies. */
  policies: number;
  /** Versions of the customer managed policies. */
  policyVersions: number;
  mfaDevices: number;
  /** MFA devices assigned to a user or the root. */
  mfaDevicesInUse: number;
  /** MFA devices assigned to the root. */
  rootMfaDevices: number;
  rootAccessKeys: number;
  samlProviders: number;
  oidcProviders: number;
}

const count = async (q: { executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined> }) => Number((await q.executeTakeFirst())?.n ?? 0);

async function accountCounts(db: Db, a: string): Promise<IamAccountCounts> {
  const [users, groups, roles] = await Promise.all([entitiesRepo(db).count(a, 'user'), entitiesRepo(db).count(a, 'group'), entitiesRepo(db).count(a, 'role')]);
  const policies = await count(db.selectFrom('iam_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
  const policyVersions = await count(
    db.selectFrom('iam_policy_versions as v').innerJoin('iam_policies as p', 'p.arn', 'v.policy_arn').select((eb) => eb.fn.countAll<number>().as('n')).where('p.account_id', '=', a),
  );
  const mfaDevices = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
  const mfaDevicesInUse = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('user_id', 'is not', null));
  const rootMfaDevices = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('user_id', '=', a));
  const rootAccessKeys = await count(
    db.selectFrom('access_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('principal_type', '=', 'root'),
  );
  const samlProviders = await count(db.selectFrom('iam_saml_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
  const oidcProviders = await count(db.selectFrom('iam_oidc_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
  return { users, groups, roles, policies, policyVersions, mfaDevices, mfaDevicesInUse, rootMfaDevices, rootAccessKeys, samlProviders, oidcProviders };
}

export interface AccountSummaryRepo {
  /** The account's IAM counts (not one snapshot: each count is its own query, as GetAccountSummary needs no more). */
  counts(accountId: string): Promise<IamAccountCounts>;
}

export const accountSummaryRepo = (db: Db): AccountSummaryRepo => ({
  counts: (accountId) => accountCounts(db, accountId),
});
