/**
 * IAM's tables of migration 0008 (instance profiles, server certificates, users' other credentials,
 * service-linked role deletion tasks, STS preferences). Owned by services/iam. Times are epoch milliseconds.
 */

export interface IamInstanceProfilesTable {
  id: string; // AIPA...
  account_id: string;
  name: string;
  name_lc: string;
  path: string;
  created_at: number;
  /** The one role the profile holds (AWS allows at most one), or null. */
  role_id: string | null;
  tags: string; // JSON [{Key, Value}]
}

export interface IamServerCertificatesTable {
  id: string; // ASCA...
  account_id: string;
  name: string;
  name_lc: string;
  path: string;
  body: string;
  chain: string | null;
  /** The private key (PEM) sealed with the key ring; never returned by any API. */
  key_cipher: string;
  expires_at: number;
  uploaded_at: number;
  tags: string;
}

/**
 * An IAM user's credentials other than access keys and passwords: `ssh` (body: the key as uploaded,
 * fingerprint: its MD5 fingerprint), `signing` (body: the certificate PEM, fingerprint: its SHA-256), and
 * `service` (service_name, service_user_name; secret_cipher: the password sealed with the key ring).
 */
export interface IamUserCredentialsTable {
  id: string;
  account_id: string;
  user_id: string;
  kind: 'ssh' | 'signing' | 'service';
  status: 'Active' | 'Inactive' | 'Expired';
  body: string | null;
  fingerprint: string | null;
  service_name: string | null;
  service_user_name: string | null;
  secret_cipher: string | null;
  created_at: number;
  expires_at: number | null;
}

/** DeleteServiceLinkedRole's tasks: Tessera deletes at once, so a task is recorded with its final status. */
export interface IamDeletionTasksTable {
  id: string; // task/aws-service-role/<service>/<role>/<uuid>
  account_id: string;
  role_arn: string;
  status: 'SUCCEEDED' | 'IN_PROGRESS' | 'FAILED' | 'NOT_STARTED';
  created_at: number;
}

export interface IamStsPreferencesTable {
  account_id: string;
  global_endpoint_token_version: 'v1Token' | 'v2Token';
}

export interface IamMoreTables {
  iam_instance_profiles: IamInstanceProfilesTable;
  iam_server_certificates: IamServerCertificatesTable;
  iam_user_credentials: IamUserCredentialsTable;
  iam_deletion_tasks: IamDeletionTasksTable;
  iam_sts_preferences: IamStsPreferencesTable;
}
