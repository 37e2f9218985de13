/**
 * The taggable IAM resources that exist today (tagging.ts builds their Tag / Untag / List...Tags operations),
 * and the loaders other operations' `prepare` use so that their checks see the target's tags
 * (aws:ResourceTag / iam:ResourceTag): users, roles, customer managed policies, virtual MFA devices, SAML and
 * OpenID Connect providers, instance profiles, server certificates.
 */
import { iamArn, parseArn } from '../../core/arn.js';
import type { ServiceError } from '../../core/errors.js';
import type { OperationContext } from '../operation.js';
import { IamErrors, noSuchOidc, noSuchSaml, type Kind } from './errors.js';
import { requirePolicyArn } from './lookups.js';
import { isAwsManagedArn } from './managed/index.js';
import type { Taggable, TagTarget } from './tagging.js';
import { loadCert, CertErrors, certArn } from './serverCertificates.js';
import { loadProfile, profileArn, ProfileErrors } from './instanceProfiles.js';
import { parseTags } from './util.js';

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

type Repos = OperationContext['deps']['store']['repos'];

/** A resource of the caller's account known by its ARN, read and written through its repository. */
function byArn(
  noun: string,
  member: string,
  read: (repos: Repos, arn: string) => Promise<{ account_id: string; tags: string } | undefined>,
  write: (repos: Repos, arn: string, tags: string) => Promise<unknown>,
  missing: (arn: string) => ServiceError,
) {
  const load = async (ctx: OperationContext, arn: string): Promise<TagTarget> => {
    const row = inAccount(ctx, arn) ? await read(ctx.deps.store.repos, arn) : undefined;
    return { arn, tags: row && row.account_id === ctx.caller.accountId ? parseTags(row.tags) : undefined, key: arn };
  };
  const taggable: Taggable = {
    noun,
    load: (input, ctx) => load(ctx, str(input, member)),
    save: async (ctx, arn, tags) => {
      await write(ctx.deps.store.repos, arn, JSON.stringify(tags));
    },
    missing: (input) => missing(str(input, member)),
  };
  return { load, taggable };
}

const mfa = byArn('MFADevice', 'SerialNumber', (r, s) => r.mfaDevices.get(s), (r, s, t) => r.mfaDevices.setTags(s, t), IamErrors.noSuchMfa);
const saml = byArn('SAMLProvider', 'SAMLProviderArn', (r, a) => r.providers.getSaml(a), (r, a, t) => r.providers.setSamlTags(a, t), noSuchSaml);
const oidc = byArn('OpenIDConnectProvider', 'OpenIDConnectProviderArn', (r, a) => r.providers.getOidc(a), (r, a, t) => r.providers.setOidcTags(a, t), noSuchOidc);

/** A virtual MFA device by serial number (its ARN). */
export const loadMfaTags = mfa.load;
export const mfaDeviceTags = mfa.taggable;
export const loadSamlTags = saml.load;
export const samlProviderTags = saml.taggable;
export const loadOidcTags = oidc.load;
export const oidcProviderTags = oidc.taggable;


/** An instance profile by name. */
export const instanceProfileTags: Taggable = {
  noun: 'InstanceProfile',
  load: async (input, ctx) => {
    const t = await loadProfile(ctx, str(input, 'InstanceProfileName'));
    return { arn: profileArn(t.accountId, t.row?.path ?? '/', t.row?.name ?? t.name), tags: t.row ? parseTags(t.row.tags) : undefined, key: t.row?.id ?? '' };
  },
  save: async (ctx, id, tags) => {
    await ctx.deps.store.repos.instanceProfiles.setTags(id, JSON.stringify(tags));
  },
  missing: (input) => ProfileErrors.noSuch(str(input, 'InstanceProfileName')),
};

/** A server certificate by name. */
export const serverCertificateTags: Taggable = {
  noun: 'ServerCertificate',
  load: async (input, ctx) => {
    const t = await loadCert(ctx, str(input, 'ServerCertificateName'));
    return { arn: certArn(t.accountId, t.row?.path ?? '/', t.row?.name ?? t.name), tags: t.row ? parseTags(t.row.tags) : undefined, key: t.row?.id ?? '' };
  },
  save: async (ctx, id, tags) => {
    await ctx.deps.store.repos.serverCertificates.update(id, { tags: JSON.stringify(tags) });
  },
  missing: (input) => CertErrors.noSuch(str(input, 'ServerCertificateName')),
};
