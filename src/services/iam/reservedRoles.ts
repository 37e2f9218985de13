/**
 * The roles IAM Identity Center provisions in an account for a permission set:
 * `AWSReservedSSO_<PermissionSetName>_<16 hex>` on the path `/aws-reserved/sso.amazonaws.com/`, trusted by
 * the account's Identity Center SAML provider (`AWSSSO_<16 hex>_DO_NOT_DELETE`) for sts:AssumeRoleWithSAML
 * and sts:TagSession with SAML:aud the AWS sign-in endpoint — the shape AWS gives them. Their managed
 * policies, the inline policy `AwsSSOInlinePolicy` and the maximum session duration are the permission
 * set's, replaced whole at each provisioning. They are ordinary IAM roles otherwise: every policy, the
 * simulator and the access advisor see them.
 */
import { iamArn } from '../../core/arn.js';
import { newId } from '../../core/ids.js';
import type { Deps } from '../../server/deps.js';
import { iamTopic, publish } from './lookups.js';

export const RESERVED_SSO_PATH = '/aws-reserved/sso.amazonaws.com/';
export const SSO_INLINE_POLICY_NAME = 'AwsSSOInlinePolicy';

export interface ReservedRoleSpec {
  accountId: string;
  roleName: string;
  /** The Identity Center SAML provider's ARN in that account (the trust policy's principal). */
  providerArn: string;
  description: string;
  maxSessionDuration: number;
  managedPolicyArns: string[];
  inlinePolicy: string | null;
  now: number;
}

export const reservedTrustPolicy = (providerArn: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } },
      },
    ],
  });

/** Creates or updates the role; returns its unique id and ARN. */
export async function provisionReservedRole(deps: Deps, s: ReservedRoleSpec): Promise<{ roleId: string; arn: string }> {
  const out = await deps.store.transaction(async (r) => {
    let row = await r.entities.get(s.accountId, 'role', s.roleName);
    if (!row) {
      row = {
        id: newId('AROA'),
        account_id: s.accountId,
        kind: 'role',
        name: s.roleName,
        name_lc: s.roleName.toLowerCase(),
        path: RESERVED_SSO_PATH,
        created_at: s.now,
        description: s.description,
        trust_policy: reservedTrustPolicy(s.providerArn),
        max_session_duration: s.maxSessionDuration,
        boundary_arn: null,
        tags: '[]',
        password_last_used: null,
        last_used_at: null,
        last_used_region: null,
      };
      await r.entities.insert(row);
    } else {
      await r.entities.update(row.id, { max_session_duration: s.maxSessionDuration, trust_policy: reservedTrustPolicy(s.providerArn), description: s.description });
    }
    const had = (await r.policies.attachmentsOf(row.id)).map((a) => a.policy_arn);
    for (const arn of had) if (!s.managedPolicyArns.includes(arn)) await r.policies.detach(row.id, arn);
    for (const arn of s.managedPolicyArns) if (!had.includes(arn)) await r.policies.attach({ entity_id: row.id, policy_arn: arn, account_id: s.accountId, kind: 'role' });
    for (const p of await r.policies.inlineOf(row.id)) if (p.name !== SSO_INLINE_POLICY_NAME || s.inlinePolicy === null) await r.policies.deleteInline(row.id, p.name);
    if (s.inlinePolicy !== null) await r.policies.putInline({ entity_id: row.id, name: SSO_INLINE_POLICY_NAME, account_id: s.accountId, document: s.inlinePolicy });
    return { roleId: row.id, arn: iamArn(s.accountId, 'role', RESERVED_SSO_PATH, s.roleName) };
  });
  await publish(deps, iamTopic(s.accountId));
  return out;
}
