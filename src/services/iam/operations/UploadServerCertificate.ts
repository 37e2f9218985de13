import { ServiceError } from '../../../core/errors.js';
import { newId } from '../../../core/ids.js';
import { defineOperation } from '../../operation.js';
import { isUniqueViolation, limitExceeded } from '../errors.js';
import { parseCertificate, parseCertificates, parsePrivateKey, verifyChain } from '../publicKeys.js';
import { CertErrors, certArn, certMetadata, privateKeyAad, SERVER_CERTIFICATES_MAX } from '../serverCertificates.js';
import { checkNewTags, tagContext, type Tag } from '../util.js';

interface Input {
  Path?: string;
  ServerCertificateName: string;
  CertificateBody: string;
  PrivateKey: string;
  CertificateChain?: string;
  Tags?: Tag[];
}

/**
 * iam:UploadServerCertificate — the certificate, its chain and its private key, each parsed (MalformedCertificate
 * otherwise); the chain must sign it in order; the key must be the certificate's (KeyPairMismatch). The key
 * is sealed with the key ring.
 */
export default defineOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'UploadServerCertificate',
  checks: (input, { caller }) => [
    { action: 'iam:UploadServerCertificate', resource: certArn(caller.accountId, input.Path ?? '/', input.ServerCertificateName), context: tagContext(input.Tags) },
  ],
  handle: async (input, ctx) => {
    const tags = checkNewTags(input.Tags);
    const cert = parseCertificate(input.CertificateBody);
    const key = parsePrivateKey(input.PrivateKey);
    if (input.CertificateChain !== undefined) verifyChain(cert, parseCertificates(input.CertificateChain, 'certificate chain'));
    if (!cert.checkPrivateKey(key)) throw new ServiceError('KeyPairMismatch', 'The public key certificate and the private key do not match.', 400);
    const repo = ctx.deps.store.repos.serverCertificates;
    if ((await repo.list(ctx.caller.accountId)).length >= SERVER_CERTIFICATES_MAX)
      throw limitExceeded(`Cannot exceed quota for ServerCertificatesPerAccount: ${SERVER_CERTIFICATES_MAX}`);
    const id = newId('ASCA');
    const row = {
      id,
      account_id: ctx.caller.accountId,
      name: input.ServerCertificateName,
      name_lc: input.ServerCertificateName.toLowerCase(),
      path: input.Path ?? '/',
      body: input.CertificateBody.trim(),
      chain: input.CertificateChain?.trim() ?? null,
      key_cipher: ctx.deps.keyring.encrypt(input.PrivateKey, privateKeyAad(id)),
      expires_at: Date.parse(cert.validTo),
      uploaded_at: ctx.now,
      tags: JSON.stringify(tags),
    };
    try {
      await repo.insert(row);
    } catch (e) {
      if (isUniqueViolation(e)) throw CertErrors.exists(input.ServerCertificateName);
      throw e;
    }
    return { ServerCertificateMetadata: certMetadata(row), ...(tags.length ? { Tags: tags } : {}) };
  },
});
