/**
 * IAM users' SSH public keys, signing certificates and service-specific credentials (one repository, by
 * kind). The operations on them name a user (or, where AWS makes UserName optional, the calling IAM user),
 * and are authorized on that user. AWS's quotas: five SSH keys and two signing certificates per user, two
 * service-specific credentials per user and service.
 */
import { randomBytes } from 'node:crypto';
import { Errors, ServiceError } from '../../core/errors.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import type { IamUserCredentialsTable } from '../../store/schema-iam-more.js';
import type { OperationContext } from '../operation.js';
import { limitExceeded, noSuchEntity } from './errors.js';
import { requireEntity } from './lookups.js';
import { hashPassword } from './password.js';
import { loadUserTarget, type EntityTarget, type RootTarget } from './targets.js';

export type CredentialKind = IamUserCredentialsTable['kind'];

export const QUOTA: Record<CredentialKind, { name: string; max: number }> = {
  ssh: { name: 'SSHPublicKeysPerUser', max: 5 },
  signing: { name: 'SigningCertificatesPerUser', max: 2 },
  service: { name: 'ServiceSpecificCredentialsPerUserPerService', max: 2 },
};

export const quotaExceeded = (kind: CredentialKind) => limitExceeded(`Cannot exceed quota for ${QUOTA[kind].name}: ${QUOTA[kind].max}`);

const NOUN: Record<CredentialKind, string> = { ssh: 'Public Key', signing: 'Signing Certificate', service: 'Service Specific Credential' };
export const noSuchCredential = (kind: CredentialKind, id: string) => noSuchEntity(`The ${NOUN[kind]} with id ${id} cannot be found.`);

/**
 * The target of an operation whose UserName AWS makes optional: the named user or the calling IAM user.
 * The account root has no such credentials in Tessera (Must specify userName, as for other non-user callers).
 */
export async function loadCredentialOwner(ctx: OperationContext, userName: string | undefined): Promise<EntityTarget> {
  const t: EntityTarget | RootTarget = await loadUserTarget(ctx, userName);
  if (t.kind === 'root') throw Errors.validation('Must specify userName when calling with non-User credentials');
  return t;
}

export const requireOwner = (ctx: OperationContext, t: EntityTarget): Promise<IamEntitiesTable> => requireEntity(ctx.deps, ctx.caller.accountId, 'user', t.name);

/** The user's credential of that kind and id; NoSuchEntity when the user has none such. */
export async function requireCredential(ctx: OperationContext, user: IamEntitiesTable, kind: CredentialKind, id: string): Promise<IamUserCredentialsTable> {
  const c = await ctx.deps.store.repos.userCredentials.get(ctx.caller.accountId, kind, id);
  if (!c || c.user_id !== user.id) throw noSuchCredential(kind, id);
  return c;
}

/** A new credential row of the user: Active, created now; `fields` are the kind's own columns. */
export const credentialRow = (
  ctx: OperationContext,
  user: IamEntitiesTable,
  kind: CredentialKind,
  id: string,
  fields: Partial<Pick<IamUserCredentialsTable, 'body' | 'fingerprint' | 'service_name' | 'service_user_name' | 'secret_cipher'>>,
): IamUserCredentialsTable => ({
  id,
  account_id: user.account_id,
  user_id: user.id,
  kind,
  status: 'Active',
  body: null,
  fingerprint: null,
  service_name: null,
  service_user_name: null,
  secret_cipher: null,
  created_at: ctx.now,
  expires_at: null,
  ...fields,
});

/** The services Tessera issues service-specific credentials for (a user name and password each). */
export const CREDENTIAL_SERVICES = ['codecommit.amazonaws.com', 'cassandra.amazonaws.com'];

export function requireCredentialService(service: string): void {
  if (!CREDENTIAL_SERVICES.includes(service))
    throw new ServiceError('NotSupportedService', `No such service ${service} is supported for Service Specific Credentials`, 404);
}

/** The additional data a service password's sealed hash is bound to. */
const servicePasswordAad = (id: string) => `iam-service-credential:${id}`;

/** A new ServicePassword (shown once) and its scrypt hash sealed with the key ring (stored). */
export async function newServicePassword(ctx: OperationContext, id: string): Promise<{ password: string; sealed: string }> {
  const password = randomBytes(32).toString('base64');
  return { password, sealed: ctx.deps.keyring.encrypt(await hashPassword(password), servicePasswordAad(id)) };
}

/** The model's ServiceSpecificCredentialMetadata, plus ServicePassword when one was just made. */
export const serviceCredentialOut = (user: IamEntitiesTable, c: IamUserCredentialsTable, password?: string) => ({
  UserName: user.name,
  Status: c.status,
  ServiceUserName: c.service_user_name,
  CreateDate: c.created_at,
  ServiceSpecificCredentialId: c.id,
  ServiceName: c.service_name,
  ...(password !== undefined ? { ServicePassword: password } : {}),
});

/** What the operations on one service-specific credential prepare: its owner and the credential (when it is theirs). */
export interface ServiceCredentialTarget {
  user: EntityTarget;
  credential: IamUserCredentialsTable | undefined;
}

export async function loadServiceCredential(ctx: OperationContext, userName: string | undefined, id: string): Promise<ServiceCredentialTarget> {
  const user = await loadCredentialOwner(ctx, userName);
  const c = user.row ? await ctx.deps.store.repos.userCredentials.get(ctx.caller.accountId, 'service', id) : undefined;
  return { user, credential: c && c.user_id === user.row?.id ? c : undefined };
}

/** The credential's service as the condition key iam:ServiceSpecificCredentialServiceName. */
export const serviceNameKey = (t: ServiceCredentialTarget): Record<string, string> =>
  t.credential?.service_name ? { 'iam:ServiceSpecificCredentialServiceName': t.credential.service_name } : {};
