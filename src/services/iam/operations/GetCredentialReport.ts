import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { CREDENTIAL_REPORT_ID, REPORT_TTL_MS } from '../usage/credentialReport.js';

/** iam:GetCredentialReport — the account's report (CSV, base64 on the wire), while it is at most four hours old. */
export default defineOperation<Record<string, never>, { Content: Buffer; ReportFormat: 'text/csv'; GeneratedTime: number }>({
  service: 'iam',
  name: 'GetCredentialReport',
  checks: () => [star('iam:GetCredentialReport')],
  handle: async (_input, ctx) => {
    const r = await ctx.deps.store.repos.usage.getReport(ctx.caller.accountId, CREDENTIAL_REPORT_ID);
    if (!r) throw new ServiceError('ReportNotPresent', 'Credential report not present', 410);
    if (ctx.now - r.created_at >= REPORT_TTL_MS) throw new ServiceError('ReportExpired', 'Credential report has expired. Generate a new report.', 410);
    return { Content: Buffer.from(r.body, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: r.created_at };
  },
});
