/**
 * IAM Identity Center's tables (services/sso). Owned by services/sso.
 *
 * The directory (identity store users and groups, permission sets, account assignments) belongs to the
 * account that administers it (`account_id`, the Identity Center instance's account). The OIDC side
 * (registered clients, device authorizations, tokens) holds only hashes of its secrets: a client secret, a
 * device code, a user code, an access or refresh token is a random value the client keeps; the store keeps
 * its SHA-256, looked up by that hash and compared in constant time.
 */

export interface SsoUsersTable {
  id: string; // a UUID, as the identity store's UserId
  account_id: string;
  user_name: string;
  user_name_lc: string;
  display_name: string;
  email: string | null;
  /** The password's scrypt hash sealed with the key ring (bound to the user id), or null: no sign-in. */
  password_cipher: string | null;
  /** The TOTP seed sealed with the key ring (bound to the user id), or null: no MFA. */
  mfa_seed_cipher: string | null;
  /** The last TOTP time step accepted (a code is single use). */
  mfa_last_step: number | null;
  created_at: number;
}

export interface SsoGroupsTable {
  id: string;
  account_id: string;
  display_name: string;
  display_name_lc: string;
  description: string | null;
  created_at: number;
}

export interface SsoGroupMembersTable {
  membership_id: string;
  account_id: string;
  group_id: string;
  user_id: string;
  created_at: number;
}

export interface SsoPermissionSetsTable {
  arn: string;
  account_id: string;
  name: string;
  name_lc: string;
  description: string | null;
  /** ISO-8601 duration (PT1H .. PT12H), as sso-admin gives it. */
  session_duration: string;
  relay_state: string | null;
  /** JSON array of managed policy ARNs. */
  managed_policies: string;
  inline_policy: string | null;
  created_at: number;
}

export interface SsoAssignmentsTable {
  account_id: string;
  permission_set_arn: string;
  target_account_id: string;
  principal_type: 'USER' | 'GROUP';
  principal_id: string;
  created_at: number;
}

export interface SsoClientsTable {
  client_id: string;
  client_name: string;
  secret_hash: string;
  created_at: number;
  expires_at: number;
}

export interface SsoDeviceAuthsTable {
  device_hash: string;
  user_code_hash: string;
  client_id: string;
  created_at: number;
  expires_at: number;
  interval_seconds: number;
  /** When the client last asked CreateToken for this code (slow_down below the interval). */
  last_poll_at: number | null;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  /** The approving identity-store user, once approved. */
  user_id: string | null;
  account_id: string | null;
}

export interface SsoTokensTable {
  token_hash: string;
  kind: 'access' | 'refresh';
  client_id: string;
  user_id: string;
  account_id: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export interface SsoTables {
  sso_users: SsoUsersTable;
  sso_groups: SsoGroupsTable;
  sso_group_members: SsoGroupMembersTable;
  sso_permission_sets: SsoPermissionSetsTable;
  sso_assignments: SsoAssignmentsTable;
  sso_clients: SsoClientsTable;
  sso_device_auths: SsoDeviceAuthsTable;
  sso_tokens: SsoTokensTable;
}
