/**
 * The store's one interface for the services: a repository per aggregate, each an interface with its
 * queries behind it. Services read and write through `store.repos` (or `store.transaction(repos => ...)`
 * for several writes that commit together) and never see SQL or the query builder; every query of the
 * product lives in this folder. Each repository runs in the one conformance suite on SQLite and PostgreSQL
 * (store/conformance.test.ts).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import { accessKeysRepo, type AccessKeysRepo } from './accessKeys.js';
import { accountsRepo, type AccountsRepo } from './accounts.js';
import { auditRepo, type AuditRepo } from './audit.js';
import { consoleSessionsRepo, type ConsoleSessionsRepo } from './consoleSessions.js';
import { federationReplayRepo, type FederationReplayRepo } from './federationReplay.js';
import { accountSettingsRepo, type AccountSettingsRepo } from './iamAccountSettings.js';
import { accountSummaryRepo, type AccountSummaryRepo } from './iamAccountSummary.js';
import { entitiesRepo, type EntitiesRepo } from './iamEntities.js';
import { loginProfilesRepo, type LoginProfilesRepo } from './iamLoginProfiles.js';
import { mfaDevicesRepo, type MfaDevicesRepo } from './iamMfaDevices.js';
import { policiesRepo, type PoliciesRepo } from './iamPolicies.js';
import { providersRepo, type ProvidersRepo } from './iamProviders.js';
import { accountOptionsRepo, type AccountOptionsRepo } from './iamAccountOptions.js';
import { instanceProfilesRepo, type InstanceProfilesRepo } from './iamInstanceProfiles.js';
import { serverCertificatesRepo, type ServerCertificatesRepo } from './iamServerCertificates.js';
import { userCredentialsRepo, type UserCredentialsRepo } from './iamUserCredentials.js';
import { usageRepo, type UsageRepo } from './iamUsage.js';
import { keyringRepo, type KeyringRepo } from './keyring.js';
import { bucketsRepo, type BucketsRepo } from './s3Buckets.js';
import { objectsRepo, type ObjectsRepo } from './s3Objects.js';
import { uploadsRepo, type UploadsRepo } from './s3Uploads.js';
import { lifecycleRepo, type LifecycleRepo } from './s3Lifecycle.js';
import { signinLookupsRepo, type SigninLookupsRepo } from './signinLookups.js';
import { signinTokensRepo, type SigninTokensRepo } from './signinTokens.js';
import { ssoDirectoryRepo, type SsoDirectoryRepo } from './ssoDirectory.js';
import { ssoTokensRepo, type SsoTokensRepo } from './ssoTokens.js';
import { stateResetRepo, type StateResetRepo } from './stateReset.js';
import { throttlesRepo, type ThrottlesRepo } from './throttles.js';

/** A database handle or an open transaction: repositories work the same over either. */
export type Executor = Kysely<Database>;

export interface Repos {
  // Accounts and credentials.
  accounts: AccountsRepo;
  accessKeys: AccessKeysRepo;
  throttles: ThrottlesRepo;
  keyring: KeyringRepo;

  // IAM.
  entities: EntitiesRepo;
  policies: PoliciesRepo;
  loginProfiles: LoginProfilesRepo;
  mfaDevices: MfaDevicesRepo;
  accountSettings: AccountSettingsRepo;
  accountSummary: AccountSummaryRepo;
  providers: ProvidersRepo;
  instanceProfiles: InstanceProfilesRepo;
  serverCertificates: ServerCertificatesRepo;
  userCredentials: UserCredentialsRepo;
  accountOptions: AccountOptionsRepo;
  /** Last use of keys and roles, the access advisor's records, generated reports. */
  usage: UsageRepo;

  // STS, federation and sign-in.
  federationReplay: FederationReplayRepo;
  signinTokens: SigninTokensRepo;
  consoleSessions: ConsoleSessionsRepo;
  signinLookups: SigninLookupsRepo;

  // S3.
  buckets: BucketsRepo;
  objects: ObjectsRepo;
  uploads: UploadsRepo;
  /** The lifecycle sweep's reads and its lease. */
  lifecycle: LifecycleRepo;

  // CloudTrail: audit records, LookupEvents' index, trails.
  audit: AuditRepo;

  // IAM Identity Center: the directory (users, groups, permission sets, assignments) and the OIDC device flow.
  ssoDirectory: SsoDirectoryRepo;
  ssoTokens: SsoTokensRepo;

  // Test suites: POST /_admin/reset.
  stateReset: StateResetRepo;
}

export function reposOver(db: Executor): Repos {
  return {
    accounts: accountsRepo(db),
    accessKeys: accessKeysRepo(db),
    throttles: throttlesRepo(db),
    keyring: keyringRepo(db),

    // IAM.
    entities: entitiesRepo(db),
    policies: policiesRepo(db),
    loginProfiles: loginProfilesRepo(db),
    mfaDevices: mfaDevicesRepo(db),
    accountSettings: accountSettingsRepo(db),
    accountSummary: accountSummaryRepo(db),
    providers: providersRepo(db),
    instanceProfiles: instanceProfilesRepo(db),
    serverCertificates: serverCertificatesRepo(db),
    userCredentials: userCredentialsRepo(db),
    accountOptions: accountOptionsRepo(db),
    usage: usageRepo(db),

    // STS, federation and sign-in.
    federationReplay: federationReplayRepo(db),
    signinTokens: signinTokensRepo(db),
    consoleSessions: consoleSessionsRepo(db),
    signinLookups: signinLookupsRepo(db),

    // S3.
    buckets: bucketsRepo(db),
    objects: objectsRepo(db),
    uploads: uploadsRepo(db),
    lifecycle: lifecycleRepo(db),

    audit: auditRepo(db),

    // IAM Identity Center.
    ssoDirectory: ssoDirectoryRepo(db),
    ssoTokens: ssoTokensRepo(db),

    // Test suites.
    stateReset: stateResetRepo(db),
  };
}
