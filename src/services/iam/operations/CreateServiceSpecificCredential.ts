import { newId } from '../../../core/ids.js';
import { defineOperation } from '../../operation.js';
import { invalidInput } from '../errors.js';
import { entityCheck, loadEntity, type EntityTarget } from '../targets.js';
import { credentialRow, newServicePassword, quotaExceeded, requireCredentialService, requireOwner, serviceCredentialOut } from '../userCredentials.js';

interface Input {
  UserName: string;
  ServiceName: string;
  CredentialAgeDays?: number;
}

/**
 * iam:CreateServiceSpecificCredential — a user name (USER-at-ACCOUNT) and a password for CodeCommit or
 * Amazon Keyspaces; the password is in this answer only (stored as a sealed scrypt hash). Two per user and
 * service.
 */
export default defineOperation<Input, Record<string, unknown>, EntityTarget>({
  service: 'iam',
  name: 'CreateServiceSpecificCredential',
  prepare: (input, ctx) => loadEntity(ctx, 'user', input.UserName),
  checks: (input, _ctx, t) => [
    entityCheck(t, 'iam:CreateServiceSpecificCredential', {
      'iam:ServiceSpecificCredentialServiceName': input.ServiceName,
      ...(input.CredentialAgeDays !== undefined ? { 'iam:ServiceSpecificCredentialAgeDays': String(input.CredentialAgeDays) } : {}),
    }),
  ],
  handle: async (input, ctx, t) => {
    const user = await requireOwner(ctx, t);
    requireCredentialService(input.ServiceName);
    if (input.CredentialAgeDays !== undefined) throw invalidInput('CredentialAgeDays is only supported for Bedrock API keys.');
    const repo = ctx.deps.store.repos.userCredentials;
    if ((await repo.ofUser(user.id, 'service')).filter((c) => c.service_name === input.ServiceName).length >= 2) throw quotaExceeded('service');
    const id = newId('ACCA');
    const { password, sealed } = await newServicePassword(ctx, id);
    const row = credentialRow(ctx, user, 'service', id, { service_name: input.ServiceName, service_user_name: `${user.name}-at-${user.account_id}`, secret_cipher: sealed });
    await repo.insert(row);
    return { ServiceSpecificCredential: serviceCredentialOut(user, row, password) };
  },
});
