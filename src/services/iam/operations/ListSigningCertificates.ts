import { defineOperation } from '../../operation.js';
import { entityCheck, type EntityTarget } from '../targets.js';
import { loadCredentialOwner, requireOwner } from '../userCredentials.js';
import { pageOf } from '../util.js';

/** iam:ListSigningCertificates — the user's certificates (the caller's when UserName is absent), with their bodies. */
export default defineOperation<{ UserName?: string; Marker?: string; MaxItems?: number }, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'ListSigningCertificates',
  prepare: (input, ctx) => loadCredentialOwner(ctx, input.UserName),
  checks: (_input, _ctx, t) => [entityCheck(t, 'iam:ListSigningCertificates')],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t);
    const rows = await ctx.deps.store.repos.userCredentials.ofUser(user.id, 'signing');
    const { page, ...rest } = pageOf(rows, input.Marker, input.MaxItems);
    return { Certificates: page.map((c) => ({ UserName: user.name, CertificateId: c.id, CertificateBody: c.body, Status: c.status, UploadDate: c.created_at })), ...rest };
  },
});
