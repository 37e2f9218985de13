import { countEntities } from '../../../store/repos/iamEntities.js';
import { defineQueryOperation } from '../../operation.js';
import { star } from '../lookups.js';

/** iam:GetAccountSummary — entity counts and the quotas Tessera enforces (AWS's defaults). */
export default defineQueryOperation<Record<string, never>, { SummaryMap: Record<string, number> }>({
  service: 'iam',
  name: 'GetAccountSummary',
  authorize: () => [star('iam:GetAccountSummary')],
  handle: async (_input, ctx) => {
    const db = ctx.deps.store.db;
    const a = ctx.caller.accountId;
    const count = async (q: { executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined> }) => Number((await q.executeTakeFirst())?.n ?? 0);
    const [users, groups, roles] = await Promise.all([countEntities(db, a, 'user'), countEntities(db, a, 'group'), countEntities(db, a, 'role')]);
    const policies = await ctx.deps.store.repos.policies.countInAccount(a);
    const versions = await ctx.deps.store.repos.policies.countVersionsInAccount(a);
    const mfa = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
    const mfaInUse = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('user_id', 'is not', null));
    const rootMfa = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('user_id', '=', a));
    const rootKeys = await count(
      db.selectFrom('access_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('principal_type', '=', 'root'),
    );
    const providers = await ctx.deps.store.repos.providers.count(a);
    return {
      SummaryMap: {
        Users: users,
        UsersQuota: 5000,
        Groups: groups,
        GroupsQuota: 300,
        Roles: roles,
        RolesQuota: 1000,
        Policies: policies,
        PoliciesQuota: 1500,
        PolicySizeQuota: 6144,
        PolicyVersionsInUse: versions,
        PolicyVersionsInUseQuota: 10000,
        VersionsPerPolicyQuota: 5,
        UserPolicySizeQuota: 2048,
        GroupPolicySizeQuota: 5120,
        RolePolicySizeQuota: 10240,
        AssumeRolePolicySizeQuota: 2048,
        GroupsPerUserQuota: 10,
        AccessKeysPerUserQuota: 2,
        AttachedPoliciesPerUserQuota: 10,
        AttachedPoliciesPerGroupQuota: 10,
        AttachedPoliciesPerRoleQuota: 10,
        MFADevices: mfa,
        MFADevicesInUse: mfaInUse,
        AccountMFAEnabled: rootMfa > 0 ? 1 : 0,
        AccountAccessKeysPresent: rootKeys > 0 ? 1 : 0,
        AccountPasswordPresent: 0,
        AccountSigningCertificatesPresent: 0,
        SigningCertificatesPerUserQuota: 2,
        ServerCertificates: 0,
        ServerCertificatesQuota: 20,
        InstanceProfiles: 0,
        InstanceProfilesQuota: 1000,
        Providers: providers,
        GlobalEndpointTokenVersion: 1,
      },
    };
  },
});
