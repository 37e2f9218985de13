/**
 * The identity providers IAM registered, as STS federation reads them (services/sts/federation/providers.ts):
 * read on every call, so a provider deleted or updated in IAM is seen at once by every process.
 * (To be folded into the `providers` repository.)
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamOidcProvidersTable, IamSamlProvidersTable } from '../schema-iam.js';

export interface FederationProvidersRepo {
  /** The SAML provider of that ARN; undefined when there is none. */
  samlByArn(arn: string): Promise<IamSamlProvidersTable | undefined>;
  /** Every OIDC provider registered in the account (in no particular order). */
  oidcOfAccount(accountId: string): Promise<IamOidcProvidersTable[]>;
}

export const federationProvidersRepo = (db: Kysely<Database>): FederationProvidersRepo => ({
  samlByArn: (arn) => db.selectFrom('iam_saml_providers').selectAll().where('arn', '=', arn).executeTakeFirst(),
  oidcOfAccount: (accountId) => db.selectFrom('iam_oidc_providers').selectAll().where('account_id', '=', accountId).execute(),
});
