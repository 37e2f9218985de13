/**
 * IAM's tables (users, groups, roles, policies, MFA devices, identity providers, ...). Owned by services/iam.
 * Portable types only; times are epoch milliseconds; JSON lists (tags, client ids) are text.
 */

/** Users, groups and roles share one table: their names, paths, ids and ARNs follow the same rules. */
export interface IamEntitiesTable {
  id: string; // AIDA... / AGPA... / AROA...
  account_id: string;
  kind: 'user' | 'group' | 'role';
  name: string;
  /** IAM names are unique case-insensitively within an account and kind. */
  name_lc: string;
  path: string;
  created_at: number;
  description: string | null;
  trust_policy: string | null;
  max_session_duration: number | null;
  boundary_arn: string | null;
  tags: string; // JSON [{Key, Value}]
  password_last_used: number | null;
  last_used_at: number | null;
  last_used_region: string | null;
}

export interface IamGroupMembersTable {
  group_id: string;
  user_id: string;
  account_id: string;
  created_at: number;
}

export interface IamInlinePoliciesTable {
  entity_id: string;
  name: string;
  account_id: string;
  document: string;
}

export interface IamAttachmentsTable {
  entity_id: string;
  policy_arn: string;
  account_id: string;
  kind: 'user' | 'group' | 'role';
}

/** Customer managed policies (AWS managed ones are data files under services/iam/managed). */
export interface IamPoliciesTable {
  arn: string;
  id: string; // ANPA...
  account_id: string;
  name: string;
  name_lc: string;
  path: string;
  description: string | null;
  default_version: string;
  next_version: number;
  created_at: number;
  updated_at: number;
  tags: string;
}

export interface IamPolicyVersionsTable {
  policy_arn: string;
  version_id: string;
  document: string;
  created_at: number;
}

export interface IamLoginProfilesTable {
  user_id: string;
  account_id: string;
  /** The password's scrypt hash sealed with the key ring (services/iam/loginPassword.ts), never plain. */
  password_hash: string;
  reset_required: number;
  created_at: number;
  /** When the password was last changed (UpdateLoginProfile, ChangePassword); null or absent: never since created_at. */
  password_changed_at?: number | null;
}

export interface IamPasswordPoliciesTable {
  account_id: string;
  policy: string; // JSON PasswordPolicy
}

export interface IamMfaDevicesTable {
  serial: string; // arn:aws:iam::ACCOUNT:mfa/PATH/NAME
  account_id: string;
  name: string;
  path: string;
  seed_cipher: string; // base32 seed sealed with the key ring
  user_id: string | null;
  enable_date: number | null;
  created_at: number;
  /** The last TOTP time step accepted (single-use codes); updated conditionally. */
  last_step: number | null;
  tags: string;
}

export interface IamSamlProvidersTable {
  arn: string;
  account_id: string;
  name: string;
  metadata: string;
  uuid: string;
  created_at: number;
  valid_until: number;
  tags: string;
}

export interface IamOidcProvidersTable {
  arn: string;
  account_id: string;
  url: string;
  client_ids: string; // JSON string[]
  thumbprints: string; // JSON string[]
  created_at: number;
  tags: string;
}

export interface IamAccountAliasesTable {
  account_id: string;
  alias: string;
}

/** A principal's last access to a service (action '') or to one of its tracked actions (the access advisor). */
export interface IamServiceAccessTable {
  entity_id: string; // AIDA... / AROA...
  service: string; // the service namespace (s3, iam, ...)
  action: string; // '' for the service-level row, else the action name (GetObject)
  account_id: string;
  last_at: number;
  region: string;
}

/** An account's generated reports: the credential report ('credential-report') and access advisor jobs (by job id). */
export interface IamReportsTable {
  account_id: string;
  id: string;
  created_at: number;
  body: string;
}

export interface IamTables {
  iam_entities: IamEntitiesTable;
  iam_group_members: IamGroupMembersTable;
  iam_inline_policies: IamInlinePoliciesTable;
  iam_attachments: IamAttachmentsTable;
  iam_policies: IamPoliciesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_login_profiles: IamLoginProfilesTable;
  iam_password_policies: IamPasswordPoliciesTable;
  iam_mfa_devices: IamMfaDevicesTable;
  iam_saml_providers: IamSamlProvidersTable;
  iam_oidc_providers: IamOidcProvidersTable;
  iam_account_aliases: IamAccountAliasesTable;
  iam_service_access: IamServiceAccessTable;
  iam_reports: IamReportsTable;
}
