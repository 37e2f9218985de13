import { iamArn } from '../../../core/arn.js';
import { defineOperation, type OperationContext } from '../../operation.js';
import type { AuthzCheck } from '../../operation.js';
import { entityCheck, type EntityTarget } from '../targets.js';
import { loadCredentialOwner, requireCredentialService, requireOwner, serviceCredentialOut } from '../userCredentials.js';
import { pageOf } from '../util.js';

interface Input {
  UserName?: string;
  ServiceName?: string;
  AllUsers?: boolean;
  Marker?: string;
  MaxItems?: number;
}

type Prepared = EntityTarget | { kind: 'all' };

/** iam:ListServiceSpecificCredentials — a user's (the caller's when UserName is absent), or every user's with AllUsers; never a password. */
export default defineOperation<Input, Record<string, unknown>, Prepared>({
  service: 'iam',
  name: 'ListServiceSpecificCredentials',
  prepare: (input, ctx): Promise<Prepared> => (input.AllUsers ? Promise.resolve({ kind: 'all' }) : loadCredentialOwner(ctx, input.UserName)),
  checks: (_input, { caller }, t): AuthzCheck[] =>
    t.kind === 'all'
      ? [{ action: 'iam:ListServiceSpecificCredentials', resource: iamArn(caller.accountId, 'user', '/', '*') }]
      : [entityCheck(t, 'iam:ListServiceSpecificCredentials')],
  handle: async (input, ctx: OperationContext, t) => {
    if (input.ServiceName !== undefined) requireCredentialService(input.ServiceName);
    const repos = ctx.deps.store.repos;
    const owners = t.kind === 'all' ? undefined : [await requireOwner(ctx, t)];
    const rows = owners ? await repos.userCredentials.ofUser(owners[0]!.id, 'service') : await repos.userCredentials.ofAccount(ctx.caller.accountId, 'service');
    const out = [];
    for (const c of rows) {
      if (input.ServiceName !== undefined && c.service_name !== input.ServiceName) continue;
      const user = owners?.[0] ?? (await repos.entities.getById(c.user_id));
      if (user) out.push(serviceCredentialOut(user, c));
    }
    const { page, ...rest } = pageOf(out, input.Marker, input.MaxItems);
    return { ServiceSpecificCredentials: page, ...rest };
  },
});
