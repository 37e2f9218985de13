import { countEntities } from '../../../store/repos/iamEntities.js';
import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';

/** iam:GetAccountSummary — entity counts and the quotas Tessera enforces (AWS's defaults). */
export default defineOperation<Record<string, never>, { SummaryMap: Record<string, number> }>({
  service: 'iam',
  name: 'GetAccountSummary',
  checks: () => [star('iam:GetAccountSummary')],
  handle: async (_input, ctx) => {
    const db = ctx.deps.store.db;
    const a = ctx.caller.accountId;
    const count = async (q: { executeTakeFirst(): Promise<{ n: number | string | bigint } | undefined> }) => Number((await q.executeTakeFirst())?.n ?? 0);
    const [users, groups, roles] = await Promise.all([countEntities(db, a, 'user'), countEntities(db, a, 'group'), countEntities(db, a, 'role')]);
    const policies = await count(db.selectFrom('iam_policies').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
    const versions = await count(
      db.selectFrom('iam_policy_versions as v').innerJoin('iam_policies as p', 'p.arn', 'v.policy_arn').select((eb) => eb.fn.countAll<number>().as('n')).where('p.account_id', '=', a),
    );
    const mfa = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
    const mfaInUse = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('user_id', 'is not', null));
    const rootMfa = await count(db.selectFrom('iam_mfa_devices').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('user_id', '=', a));
    const rootKeys = await count(
      db.selectFrom('access_keys').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a).where('principal_type', '=', 'root'),
    );
    const saml = await count(db.selectFrom('iam_saml_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
    const oidc = await count(db.selectFrom('iam_oidc_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', a));
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
        Providers: saml + oidc,
        GlobalEndpointTokenVersion: 1,
      },
    };
  },
});
