/** IAM's errors, coded, statused and worded as AWS words them. */
import { ServiceError } from '../../core/errors.js';
import { PolicyValidationError } from '../../policy/index.js';

export type Kind = 'user' | 'group' | 'role';
const Title: Record<Kind, string> = { user: 'User', group: 'Group', role: 'Role' };

export const noSuchEntity = (message: string) => new ServiceError('NoSuchEntity', message, 404);
export const alreadyExists = (message: string) => new ServiceError('EntityAlreadyExists', message, 409);
export const deleteConflict = (message: string) => new ServiceError('DeleteConflict', message, 409);
export const limitExceeded = (message: string) => new ServiceError('LimitExceeded', message, 409);
export const invalidInput = (message: string) => new ServiceError('InvalidInput', message, 400);
export const malformedPolicy = (message: string) => new ServiceError('MalformedPolicyDocument', message, 400);

export const noSuchOidc = (arn: string) => noSuchEntity(`OpenIDConnect Provider not found for arn ${arn}`);
export const noSuchSaml = (arn: string) => noSuchEntity(`Manifest not found for arn ${arn}`);

export const IamErrors = {
  noSuch: (kind: Kind, name: string) => noSuchEntity(`The ${kind} with name ${name} cannot be found.`),
  exists: (kind: Kind, name: string) => alreadyExists(`${Title[kind]} with name ${name} already exists.`),
  noSuchInline: (kind: Kind, name: string) => noSuchEntity(`The ${kind} policy with name ${name} cannot be found.`),
  policyNotFound: (arn: string) => noSuchEntity(`Policy ${arn} was not found.`),
  policyNotAttachable: (arn: string) => noSuchEntity(`Policy ${arn} does not exist or is not attachable.`),
  policyExists: (name: string) => alreadyExists(`A policy called ${name} already exists. Duplicate names are not allowed.`),
  noSuchVersion: (arn: string, v: string) => noSuchEntity(`Policy ${arn} version ${v} does not exist or is not attachable.`),
  noSuchAccessKey: (id: string) => noSuchEntity(`The Access Key with id ${id} cannot be found.`),
  noSuchLoginProfile: (user: string) => noSuchEntity(`Login Profile for User ${user} cannot be found.`),
  loginProfileExists: (user: string) => alreadyExists(`Login Profile for user ${user} already exists.`),
  noSuchMfa: (serial: string) => noSuchEntity(`VirtualMFADevice with serial number ${serial} doesn't exist.`),
  invalidArn: (arn: string) => invalidInput(`ARN ${arn} is not valid.`),
  awsManagedReadOnly: (arn: string) => invalidInput(`Policy ${arn} is an AWS managed policy and cannot be modified.`),
  inlineTooLarge: (kind: Kind, name: string, max: number) =>
    limitExceeded(`Maximum policy size of ${max} bytes exceeded for ${kind} ${name}`),
};

export const INLINE_QUOTA: Record<Kind, number> = { user: 2048, group: 5120, role: 10240 };
export const ATTACHED_QUOTA_NAME: Record<Kind, string> = { user: 'PoliciesPerUser', group: 'PoliciesPerGroup', role: 'PoliciesPerRole' };

/** A unique/primary-key violation from SQLite or PostgreSQL: a concurrent or repeated create. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  if (!err) return false;
  if (err.code === '23505') return true;
  if (typeof err.code === 'string' && err.code.startsWith('SQLITE_CONSTRAINT')) return true;
  return /UNIQUE constraint failed|duplicate key value/.test(err.message ?? '');
}

/** Rethrows the policy engine's validation failure as AWS's MalformedPolicyDocument. */
export function asMalformed(e: unknown): never {
  if (e instanceof PolicyValidationError) throw malformedPolicy(e.message);
  throw e;
}
