/**
 * The taggable IAM resources that exist today (tagging.ts builds their Tag / Untag / List...Tags operations),
 * and the loaders other operations' `prepare` use so that their checks see the target's tags
 * (aws:ResourceTag / iam:ResourceTag): users, roles, customer managed policies, virtual MFA devices, SAML and
 * OpenID Connect providers.
 */
import { iamArn, parseArn } from '../../core/arn.js';
import type { OperationContext } from '../operation.js';
import { IamErrors, noSuchOidc, noSuchSaml, type Kind } from './errors.js';
import { requirePolicyArn } from './lookups.js';
import { isAwsManagedArn } from './managed/index.js';
import type { Taggable, TagTarget } from './tagging.js';
import { parseTags, type Tag } from './util.js';

const str = (input: Record<string, unknown>, member: string) => String(input[member]);
const inAccount = (ctx: OperationContext, arn: string) => parseArn(arn)?.account === ctx.caller.accountId;

/** A user or role by name (its ARN with its real path, '/' when it does not exist). */
export async function loadEntityTags(ctx: OperationContext, kind: Kind, name: string): Promise<TagTarget> {
  const row = await ctx.deps.store.repos.entities.get(ctx.caller.accountId, kind, name);
  return { arn: iamArn(ctx.caller.accountId, kind, row?.path ?? '/', row?.name ?? name), tags: row ? parseTags(row.tags) : undefined, key: row?.id ?? '' };
}

const entity = (kind: 'user' | 'role', noun: 'User' | 'Role'): Taggable => ({
  noun,
  load: (input, ctx) => loadEntityTags(ctx, kind, str(input, `${noun}Name`)),
  save: async (ctx, id, tags) => {
    await ctx.deps.store.repos.entities.update(id, { tags: JSON.stringify(tags) });
  },
  missing: (input) => IamErrors.noSuch(kind, str(input, `${noun}Name`)),
});

export const userTags = entity('user', 'User');
export const roleTags = entity('role', 'Role');

/** A managed policy by ARN: a customer managed one of the caller's account has tags; AWS managed ones have none. */
export async function loadPolicyTags(ctx: OperationContext, arn: string): Promise<TagTarget> {
  if (isAwsManagedArn(arn) || !inAccount(ctx, arn)) return { arn, tags: isAwsManagedArn(arn) ? [] : undefined, key: arn };
  const row = await ctx.deps.store.repos.policies.get(arn);
  return { arn, tags: row ? parseTags(row.tags) : undefined, key: arn };
}

export const policyTags: Taggable = {
  noun: 'Policy',
  load: (input, ctx) => {
    requirePolicyArn(str(input, 'PolicyArn'));
    return loadPolicyTags(ctx, str(input, 'PolicyArn'));
  },
  save: async (ctx, arn, tags) => {
    await ctx.deps.store.repos.policies.setTags(arn, JSON.stringify(tags));
  },
  missing: (input) => IamErrors.policyNotFound(str(input, 'PolicyArn')),
  readOnly: (input) => (isAwsManagedArn(str(input, 'PolicyArn')) ? IamErrors.awsManagedReadOnly(str(input, 'PolicyArn')) : undefined),
};

/** A virtual MFA device by serial number (its ARN). */
export async function loadMfaTags(ctx: OperationContext, serial: string): Promise<TagTarget> {
  const row = inAccount(ctx, serial) ? await ctx.deps.store.repos.mfaDevices.get(serial) : undefined;
  return { arn: serial, tags: row && row.account_id === ctx.caller.accountId ? parseTags(row.tags) : undefined, key: serial };
}

export const mfaDeviceTags: Taggable = {
  noun: 'MFADevice',
  load: (input, ctx) => loadMfaTags(ctx, str(input, 'SerialNumber')),
  save: async (ctx, serial, tags) => {
    await ctx.deps.store.repos.mfaDevices.setTags(serial, JSON.stringify(tags));
  },
  missing: (input) => IamErrors.noSuchMfa(str(input, 'SerialNumber')),
};

export async function loadSamlTags(ctx: OperationContext, arn: string): Promise<TagTarget> {
  const row = inAccount(ctx, arn) ? await ctx.deps.store.repos.providers.getSaml(arn) : undefined;
  return { arn, tags: row && row.account_id === ctx.caller.accountId ? parseTags(row.tags) : undefined, key: arn };
}

export const samlProviderTags: Taggable = {
  noun: 'SAMLProvider',
  load: (input, ctx) => loadSamlTags(ctx, str(input, 'SAMLProviderArn')),
  save: async (ctx, arn, tags) => {
    await ctx.deps.store.repos.providers.setSamlTags(arn, JSON.stringify(tags));
  },
  missing: (input) => noSuchSaml(str(input, 'SAMLProviderArn')),
};

export async function loadOidcTags(ctx: OperationContext, arn: string): Promise<TagTarget> {
  const row = inAccount(ctx, arn) ? await ctx.deps.store.repos.providers.getOidc(arn) : undefined;
  return { arn, tags: row && row.account_id === ctx.caller.accountId ? parseTags(row.tags) : undefined, key: arn };
}

export const oidcProviderTags: Taggable = {
  noun: 'OpenIDConnectProvider',
  load: (input, ctx) => loadOidcTags(ctx, str(input, 'OpenIDConnectProviderArn')),
  save: async (ctx, arn, tags) => {
    await ctx.deps.store.repos.providers.setOidcTags(arn, JSON.stringify(tags));
  },
  missing: (input) => noSuchOidc(str(input, 'OpenIDConnectProviderArn')),
};

export type { Tag };
