/**
 * SAML and OpenID Connect identity providers, and the lookups STS uses for AssumeRoleWithSAML /
 * AssumeRoleWithWebIdentity: getSamlProvider(deps, arn), getOidcProviderByUrl(deps, accountId, url).
 */
import type { Deps } from '../../server/deps.js';
import type { IamOidcProvidersTable, IamSamlProvidersTable } from '../../store/schema-iam.js';
import { parseSamlMetadata, type SamlMetadata } from './saml.js';

export const samlArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`;
/** arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH — the URL without its scheme or a trailing slash. */
export const oidcArn = (accountId: string, url: string) => `arn:aws:iam::${accountId}:oidc-provider/${oidcKey(url)}`;
export const oidcKey = (url: string) => url.replace(/^https:\/\//i, '').replace(/\/+$/, '');

export const getSamlRow = (deps: Deps, arn: string): Promise<IamSamlProvidersTable | undefined> =>
  deps.store.db.selectFrom('iam_saml_providers').selectAll().where('arn', '=', arn).executeTakeFirst();

export const getOidcRow = (deps: Deps, arn: string): Promise<IamOidcProvidersTable | undefined> =>
  deps.store.db.selectFrom('iam_oidc_providers').selectAll().where('arn', '=', arn).executeTakeFirst();

/** For STS: a SAML provider with its parsed metadata (IdP entity id, signing certificates). */
export async function getSamlProvider(deps: Deps, arn: string): Promise<(SamlMetadata & { arn: string; name: string; metadataXml: string }) | undefined> {
  const r = await getSamlRow(deps, arn);
  if (!r) return undefined;
  return { arn: r.arn, name: r.name, metadataXml: r.metadata, ...parseSamlMetadata(r.metadata) };
}

/** For STS: an OIDC provider of the account by issuer URL. */
export async function getOidcProviderByUrl(deps: Deps, accountId: string, url: string) {
  const r = await getOidcRow(deps, oidcArn(accountId, url));
  if (!r) return undefined;
  return { arn: r.arn, url: r.url, clientIds: JSON.parse(r.client_ids) as string[], thumbprints: JSON.parse(r.thumbprints) as string[] };
}
