import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';

/** iam:GetAccountSummary — entity counts and the quotas Tessera enforces (AWS's defaults). */
export default defineOperation<Record<string, never>, { SummaryMap: Record<string, number> }>({
  service: 'iam',
  name: 'GetAccountSummary',
  checks: () => [star('iam:GetAccountSummary')],
  handle: async (_input, ctx) => {
    const { users, groups, roles, policies, policyVersions: versions, mfaDevices: mfa, mfaDevicesInUse: mfaInUse, rootMfaDevices: rootMfa, rootAccessKeys: rootKeys, samlProviders: saml, oidcProviders: oidc } =
      await ctx.deps.store.repos.accountSummary.counts(ctx.caller.accountId);
    const repos = ctx.deps.store.repos;
    const [instanceProfiles, serverCertificates, tokenVersion] = await Promise.all([
      repos.instanceProfiles.count(ctx.caller.accountId),
      repos.serverCertificates.list(ctx.caller.accountId).then((l) => l.length),
      repos.accountOptions.getTokenVersion(ctx.caller.accountId),
    ]);
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
        ServerCertificates: serverCertificates,
        ServerCertificatesQuota: 20,
        InstanceProfiles: instanceProfiles,
        InstanceProfilesQuota: 1000,
        Providers: saml + oidc,
        GlobalEndpointTokenVersion: tokenVersion === 'v2Token' ? 2 : 1,
      },
    };
  },
});
