import { randomBytes } from 'node:crypto';
import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { certificateDigest, parseCertificate } from '../publicKeys.js';
import { entityCheck, type EntityTarget } from '../targets.js';
import { credentialRow, loadCredentialOwner, quotaExceeded, requireOwner } from '../userCredentials.js';

/** A signing certificate id: 24 characters of [A-Z0-9], as AWS's. */
const certificateId = () => [...randomBytes(24)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[b & 31]).join('');

/** iam:UploadSigningCertificate — one PEM X.509 certificate; two per user; the same certificate once in the account. */
export default defineOperation<{ UserName?: string; CertificateBody: string }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'UploadSigningCertificate',
  prepare: (input, ctx) => loadCredentialOwner(ctx, input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:UploadSigningCertificate')],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t);
    const digest = certificateDigest(parseCertificate(input.CertificateBody));
    const repo = ctx.deps.store.repos.userCredentials;
    if ((await repo.ofAccount(user.account_id, 'signing')).some((c) => c.fingerprint === digest)) throw new ServiceError('DuplicateCertificate', 'The same certificate is already associated with an IAM user in the account.', 409);
    if ((await repo.ofUser(user.id, 'signing')).length >= 2) throw quotaExceeded('signing');
    const row = credentialRow(ctx, user, 'signing', certificateId(), { body: input.CertificateBody.trim(), fingerprint: digest });
    await repo.insert(row);
    return { Certificate: { UserName: user.name, CertificateId: row.id, CertificateBody: row.body, Status: row.status, UploadDate: row.created_at } };
  },
});
