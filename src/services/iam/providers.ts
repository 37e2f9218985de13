/** SAML and OpenID Connect identity providers: their ARNs and their rows. */
import type { Deps } from '../../server/deps.js';
import type { IamOidcProvidersTable, IamSamlProvidersTable } from '../../store/schema-iam.js';

export const samlArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:saml-provider/${name}`;
/** arn:aws:iam::ACCOUNT:oidc-provider/HOST/PATH — the URL without its scheme or a trailing slash. */
export const oidcArn = (accountId: string, url: string) => `arn:aws:iam::${accountId}:oidc-provider/${oidcKey(url)}`;
export const oidcKey = (url: string) => url.replace(/^https:\/\//i, '').replace(/\/+$/, '');

export const getSamlRow = (deps: Deps, arn: string): Promise<IamSamlProvidersTable | undefined> =>
  deps.store.repos.providers.getSaml(arn);

export const getOidcRow = (deps: Deps, arn: string): Promise<IamOidcProvidersTable | undefined> =>
  deps.store.repos.providers.getOidc(arn);
