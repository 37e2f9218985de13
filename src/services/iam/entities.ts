/**
 * Creating a user, group or role (CreateUser, CreateGroup, CreateRole): one row shape, the id prefix of the
 * kind, and one answer to a name already taken case-insensitively — also by a concurrent create, where the
 * store's unique index decides and exactly one wins.
 */
import { newId, type IdPrefix } from '../../core/ids.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import type { AuthzCheck, OperationContext } from '../operation.js';
import { IamErrors, isUniqueViolation, type Kind } from './errors.js';
import { entityArn, tagContext, type Tag } from './util.js';

const ID_PREFIX: Record<Kind, IdPrefix> = { user: 'AIDA', group: 'AGPA', role: 'AROA' };

export interface NewEntity {
  name: string;
  path?: string | undefined;
  tags?: Tag[];
  description?: string | undefined;
  trustPolicy?: string;
  maxSessionDuration?: number;
  boundaryArn?: string | undefined;
}

/** The authorization check of CreateUser / CreateRole: the new ARN, with the request's tags and boundary as keys. */
export const createEntityCheck = (
  accountId: string,
  kind: 'user' | 'role',
  name: string,
  input: { Path?: string; PermissionsBoundary?: string; Tags?: Tag[] },
): AuthzCheck => ({
  action: kind === 'user' ? 'iam:CreateUser' : 'iam:CreateRole',
  resource: entityArn(accountId, kind, input.Path ?? '/', name),
  context: { ...tagContext(input.Tags), ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}) },
});

/** Inserts the new entity; EntityAlreadyExists when its name is taken. */
export async function createEntity(ctx: OperationContext, kind: Kind, e: NewEntity): Promise<IamEntitiesTable> {
  const row: IamEntitiesTable = {
    id: newId(ID_PREFIX[kind]),
    account_id: ctx.caller.accountId,
    kind,
    name: e.name,
    name_lc: e.name.toLowerCase(),
    path: e.path ?? '/',
    created_at: ctx.now,
    description: e.description ?? null,
    trust_policy: e.trustPolicy ?? null,
    max_session_duration: e.maxSessionDuration ?? null,
    boundary_arn: e.boundaryArn ?? null,
    tags: JSON.stringify(e.tags ?? []),
    password_last_used: null,
    last_used_at: null,
    last_used_region: null,
  };
  try {
    await ctx.deps.store.repos.entities.insert(row);
  } catch (err) {
    if (isUniqueViolation(err)) throw IamErrors.exists(kind, e.name);
    throw err;
  }
  return row;
}
