/**
 * Server certificates (UploadServerCertificate ...): the certificate, its chain and its private key, which
 * is sealed with the key ring and never returned. The certificate an operation names is read by `prepare`;
 * its check names its ARN with its real path and its tags as aws:ResourceTag keys.
 */
import { iamArn } from '../../core/arn.js';
import type { IamServerCertificatesTable } from '../../store/schema-iam-more.js';
import type { AuthzCheck, OperationContext } from '../operation.js';
import { alreadyExists, noSuchEntity } from './errors.js';
import { taggedCheck } from './targets.js';
import { parseTags } from './util.js';

export const SERVER_CERTIFICATES_MAX = 20;

export const CertErrors = {
  noSuch: (name: string) => noSuchEntity(`The Server Certificate with name ${name} cannot be found.`),
  exists: (name: string) => alreadyExists(`The Server Certificate with name ${name} already exists.`),
};

export const certArn = (accountId: string, path: string, name: string) => iamArn(accountId, 'server-certificate', path, name);

/** The additional data the sealed private key is bound to. */
export const privateKeyAad = (id: string) => `iam-server-certificate:${id}`;

export interface CertTarget {
  accountId: string;
  name: string;
  row: IamServerCertificatesTable | undefined;
}

export async function loadCert(ctx: OperationContext, name: string): Promise<CertTarget> {
  return { accountId: ctx.caller.accountId, name, row: await ctx.deps.store.repos.serverCertificates.get(ctx.caller.accountId, name) };
}

export const certCheck = (t: CertTarget, action: string, extra: Record<string, string | string[]> = {}): AuthzCheck =>
  taggedCheck(action, certArn(t.accountId, t.row?.path ?? '/', t.row?.name ?? t.name), t.row ? parseTags(t.row.tags) : undefined, extra);

export function requireCert(t: CertTarget): IamServerCertificatesTable {
  if (!t.row) throw CertErrors.noSuch(t.name);
  return t.row;
}

/** The model's ServerCertificateMetadata. */
export const certMetadata = (c: IamServerCertificatesTable) => ({
  Path: c.path,
  ServerCertificateName: c.name,
  ServerCertificateId: c.id,
  Arn: certArn(c.account_id, c.path, c.name),
  UploadDate: c.uploaded_at,
  Expiration: c.expires_at,
});
