/** The account's OpenID Connect provider an operation names, as its `prepare` reads it and its check names it. */
import type { IamOidcProvidersTable } from '../../store/schema-iam.js';
import type { AuthzCheck, OperationContext } from '../operation.js';
import { noSuchEntity } from './errors.js';
import { getOidcRow } from './providers.js';
import { taggedCheck } from './targets.js';
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
export const oidcCheck = (t: OidcTarget, action: string): AuthzCheck => taggedCheck(action, t.arn, t.row ? parseTags(t.row.tags) : undefined);

export function requireOidc(t: OidcTarget): IamOidcProvidersTable {
  if (!t.row) throw noSuchEntity(`OpenIDConnect Provider not found for arn ${t.arn}`);
  return t.row;
}
