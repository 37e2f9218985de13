/** SAML and OpenID Connect identity providers (IAM's CreateSAMLProvider / CreateOpenIDConnectProvider). */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { IamOidcProvidersTable, IamSamlProvidersTable } from '../schema-iam.js';

type Db = Kysely<Database>;

/** host[:port][/path] of an issuer or provider URL: the URL without its scheme or trailing slashes. */
const urlKey = (url: string): string => url.replace(/^https?:\/\//i, '').replace(/\/+$/, '');

const getSaml = (db: Db, arn: string): Promise<IamSamlProvidersTable | undefined> =>
  db.selectFrom('iam_saml_providers').selectAll().where('arn', '=', arn).executeTakeFirst();

const getOidc = (db: Db, arn: string): Promise<IamOidcProvidersTable | undefined> =>
  db.selectFrom('iam_oidc_providers').selectAll().where('arn', '=', arn).executeTakeFirst();

const listSaml = (db: Db, accountId: string): Promise<IamSamlProvidersTable[]> =>
  db.selectFrom('iam_saml_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();

const listOidc = (db: Db, accountId: string): Promise<IamOidcProvidersTable[]> =>
  db.selectFrom('iam_oidc_providers').selectAll().where('account_id', '=', accountId).orderBy('arn').execute();

async function findOidcByUrl(db: Db, accountId: string, url: string): Promise<IamOidcProvidersTable | undefined> {
  const key = urlKey(url);
  return (await listOidc(db, accountId)).find((r) => urlKey(r.url) === key);
}

async function insertSaml(db: Db, row: IamSamlProvidersTable): Promise<boolean> {
  const r = await db.insertInto('iam_saml_providers').values(row).onConflict((oc) => oc.column('arn').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function insertOidc(db: Db, row: IamOidcProvidersTable): Promise<boolean> {
  const r = await db.insertInto('iam_oidc_providers').values(row).onConflict((oc) => oc.column('arn').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

async function updateOidcLists(db: Db, arn: string, lists: { clientIds?: string[]; thumbprints?: string[] }): Promise<boolean> {
  const set: { client_ids?: string; thumbprints?: string } = {};
  if (lists.clientIds) set.client_ids = JSON.stringify(lists.clientIds);
  if (lists.thumbprints) set.thumbprints = JSON.stringify(lists.thumbprints);
  if (Object.keys(set).length === 0) return (await getOidc(db, arn)) !== undefined;
  const r = await db.updateTable('iam_oidc_providers').set(set).where('arn', '=', arn).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

async function updateSamlMetadata(db: Db, arn: string, metadata: string, validUntil: number | undefined): Promise<boolean> {
  const r = await db
    .updateTable('iam_saml_providers')
    .set({ metadata, ...(validUntil ? { valid_until: validUntil } : {}) })
    .where('arn', '=', arn)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

async function deleteSaml(db: Db, accountId: string, arn: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_saml_providers').where('arn', '=', arn).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function deleteOidc(db: Db, accountId: string, arn: string): Promise<boolean> {
  const r = await db.deleteFrom('iam_oidc_providers').where('arn', '=', arn).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

async function countProviders(db: Db, accountId: string): Promise<number> {
  const saml = await db.selectFrom('iam_saml_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
  const oidc = await db.selectFrom('iam_oidc_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirst();
  return Number(saml?.n ?? 0) + Number(oidc?.n ?? 0);
}

/** SAML and OpenID Connect identity providers, keyed by ARN. */
export interface ProvidersRepo {
  /** A SAML provider by ARN (any account: federation reads the ARN a caller names). */
  getSaml(arn: string): Promise<IamSamlProvidersTable | undefined>;
  /** An OpenID Connect provider by ARN (any account). */
  getOidc(arn: string): Promise<IamOidcProvidersTable | undefined>;
  /** The account's SAML providers, in ARN order. */
  listSaml(accountId: string): Promise<IamSamlProvidersTable[]>;
  /** The account's OpenID Connect providers, in ARN order. */
  listOidc(accountId: string): Promise<IamOidcProvidersTable[]>;
  /**
   * The account's OpenID Connect provider of an issuer URL: the one whose URL, without its scheme (http or
   * https) and trailing slashes, equals `url`'s.
   */
  findOidcByUrl(accountId: string, url: string): Promise<IamOidcProvidersTable | undefined>;
  /** Inserts; false when a SAML provider with that ARN exists already. */
  insertSaml(row: IamSamlProvidersTable): Promise<boolean>;
  /** Inserts; false when an OpenID Connect provider with that ARN exists already. */
  insertOidc(row: IamOidcProvidersTable): Promise<boolean>;
  /** Replaces an OpenID Connect provider's client ids and/or thumbprints; false when there is no such provider. */
  updateOidcLists(arn: string, lists: { clientIds?: string[]; thumbprints?: string[] }): Promise<boolean>;
  /** Replaces the metadata, and the validity end when `validUntil` is given (non-zero); false when there is no such provider. */
  updateSamlMetadata(arn: string, metadata: string, validUntil: number | undefined): Promise<boolean>;
  /** Deletes the account's SAML provider; false when the account has none with that ARN. */
  deleteSaml(accountId: string, arn: string): Promise<boolean>;
  /** Deletes the account's OpenID Connect provider; false when the account has none with that ARN. */
  deleteOidc(accountId: string, arn: string): Promise<boolean>;
  /** How many providers (SAML and OpenID Connect) the account has. */
  count(accountId: string): Promise<number>;
  /** Replaces a SAML provider's tags (JSON [{Key, Value}]); false when there is no such provider. */
  setSamlTags(arn: string, tags: string): Promise<boolean>;
  /** Replaces an OpenID Connect provider's tags (JSON [{Key, Value}]); false when there is no such provider. */
  setOidcTags(arn: string, tags: string): Promise<boolean>;
}

export const providersRepo = (db: Db): ProvidersRepo => ({
  getSaml: (arn) => getSaml(db, arn),
  getOidc: (arn) => getOidc(db, arn),
  listSaml: (accountId) => listSaml(db, accountId),
  listOidc: (accountId) => listOidc(db, accountId),
  findOidcByUrl: (accountId, url) => findOidcByUrl(db, accountId, url),
  insertSaml: (row) => insertSaml(db, row),
  insertOidc: (row) => insertOidc(db, row),
  updateOidcLists: (arn, lists) => updateOidcLists(db, arn, lists),
  updateSamlMetadata: (arn, metadata, validUntil) => updateSamlMetadata(db, arn, metadata, validUntil),
  deleteSaml: (accountId, arn) => deleteSaml(db, accountId, arn),
  deleteOidc: (accountId, arn) => deleteOidc(db, accountId, arn),
  count: (accountId) => countProviders(db, accountId),
  setSamlTags: async (arn, tags) =>
    Number((await db.updateTable('iam_saml_providers').set({ tags }).where('arn', '=', arn).executeTakeFirst()).numUpdatedRows) > 0,
  setOidcTags: async (arn, tags) =>
    Number((await db.updateTable('iam_oidc_providers').set({ tags }).where('arn', '=', arn).executeTakeFirst()).numUpdatedRows) > 0,
});
