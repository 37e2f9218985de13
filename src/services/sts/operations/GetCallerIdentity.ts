import { defineOperation } from '../../operation.js';

/** sts:GetCallerIdentity — needs no permission and cannot be denied, as on AWS. */
export default defineOperation<Record<string, never>, { UserId: string; Account: string; Arn: string }>({
  service: 'sts',
  name: 'GetCallerIdentity',
  checks: () => [],
  handle: async (_input, { caller }) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }),
});
