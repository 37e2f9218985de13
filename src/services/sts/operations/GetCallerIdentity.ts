import { defineQueryOperation } from '../../operation.js';

/** sts:GetCallerIdentity — needs no permission and cannot be denied, as on AWS. */
export default defineQueryOperation<Record<string, never>, { UserId: string; Account: string; Arn: string }>({
  service: 'sts',
  name: 'GetCallerIdentity',
  authorize: () => [],
  handle: async (_input, { caller }) => ({ UserId: caller.userId, Account: caller.accountId, Arn: caller.arn }),
});
