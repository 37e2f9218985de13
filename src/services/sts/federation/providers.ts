/**
 * The identity providers IAM registered (CreateSAMLProvider, CreateOpenIDConnectProvider), read through the
 * store's providers repository. Read on every call (no cache), so a provider
 * deleted or updated in IAM is seen at once by every process.
 */
import { parseArn } from '../../../core/arn.js';
import type { Deps } from '../../../server/deps.js';

export interface SamlProvider {
  arn: string;
  accountId: string;
  name: string;
  metadata: string;
  validUntil: number;
}

export interface OidcProvider {
  arn: string;
  accountId: string;
  /** As registered, without a trailing slash: https://host[:port][/path]. */
  url: string;
  clientIds: string[];
  thumbprints: string[];
}

/** account id and friendly name of a saml-provider ARN; undefined when it is not one. */
export function parseSamlProviderArn(arn: string): { accountId: string; name: string } | undefined {
  const p = parseArn(arn);
  if (!p || p.service !== 'iam' || !/^\d{12}$/.test(p.account) || !p.resource.startsWith('saml-provider/')) return undefined;
  const name = p.resource.slice('saml-provider/'.length);
  return /^[\w._-]{1,128}$/.test(name) ? { accountId: p.account, name } : undefined;
}

export async function findSamlProvider(deps: Deps, arn: string): Promise<SamlProvider | undefined> {
  const row = await deps.store.repos.providers.getSaml(arn);
  if (!row) return undefined;
  return { arn: row.arn, accountId: row.account_id, name: row.name, metadata: row.metadata, validUntil: Number(row.valid_until) };
}

/** host[:port][/path] of an issuer or provider URL: what the oidc-provider ARN and condition keys use. */
export const issuerKey = (url: string): string => url.replace(/^https?:\/\//i, '').replace(/\/+$/, '');

/** The OIDC provider of `issuer` registered in `accountId`. */
export async function findOidcProvider(deps: Deps, accountId: string, issuer: string): Promise<OidcProvider | undefined> {
  const row = await deps.store.repos.providers.findOidcByUrl(accountId, issuer);
  if (!row) return undefined;
  const list = (text: string): string[] => {
    try {
      const v = JSON.parse(text) as unknown;
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    } catch {
      return [];
    }
  };
  return { arn: row.arn, accountId: row.account_id, url: row.url, clientIds: list(row.client_ids), thumbprints: list(row.thumbprints) };
}
