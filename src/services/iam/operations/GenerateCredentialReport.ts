import { defineOperation } from '../../operation.js';
import { star } from '../lookups.js';
import { buildCredentialReport, CREDENTIAL_REPORT_ID, REPORT_TTL_MS } from '../usage/credentialReport.js';

/**
 * iam:GenerateCredentialReport — a new report when there is none or the last one is older than four hours
 * (State STARTED, as AWS answers the call that starts one), else COMPLETE. Tessera builds the report before
 * it answers, so GetCredentialReport never finds it in progress.
 */
export default defineOperation<Record<string, never>, { State: 'STARTED' | 'COMPLETE'; Description?: string }>({
  service: 'iam',
  name: 'GenerateCredentialReport',
  checks: () => [star('iam:GenerateCredentialReport')],
  handle: async (_input, ctx) => {
    const usage = ctx.deps.store.repos.usage;
    const a = ctx.caller.accountId;
    const current = await usage.getReport(a, CREDENTIAL_REPORT_ID);
    if (current && ctx.now - current.created_at < REPORT_TTL_MS) return { State: 'COMPLETE' };
    await ctx.deps.usage?.flush();
    const body = await buildCredentialReport(ctx.deps.store, a);
    await usage.putReport({ account_id: a, id: CREDENTIAL_REPORT_ID, created_at: ctx.now, body });
    return { State: 'STARTED', Description: 'No report exists. Starting a new report generation task' };
  },
});
