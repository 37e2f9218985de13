/** The account's OpenID Connect provider an operation names, as its `prepare` reads it and its check names it. */
import type { IamOidcProvidersTable } from '../../store/schema-iam.js';
import type { AuthzCheck, OperationContext } from '../operation.js';
import { noSuchEntity } from './errors.js';
import { getOidcRow } from './providers.js';
import { parseTags } from './util.js';

export interface OidcTarget {
  arn: string;
  row: IamOidcProvidersTable | undefined;
}

export async function loadOidc(ctx: OperationContext, arn: string): Promise<OidcTarget> {
  const row = await getOidcRow(ctx.deps, arn);
  return { arn, row: row && row.account_id === ctx.caller.accountId ? row : undefined };
}

/** The check of `action` on the provider, its tags as aws:ResourceTag keys. */
export function oidcCheck(t: OidcTarget, action: string): AuthzCheck {
  const context: Record<string, string> = {};
  for (const tag of parseTags(t.row?.tags)) context[`aws:ResourceTag/${tag.Key}`] = tag.Value;
  return Object.keys(context).length > 0 ? { action, resource: t.arn, context } : { action, resource: t.arn };
}

export function requireOidc(t: OidcTarget): IamOidcProvidersTable {
  if (!t.row) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${t.arn}`);
  return t.row;
}
