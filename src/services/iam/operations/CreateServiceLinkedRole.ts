import { ServiceError } from '../../../core/errors.js';
import { defineOperation } from '../../operation.js';
import { createEntity } from '../entities.js';
import { roleOut } from '../model.js';
import { serviceLinkedRoleName, servicePath, serviceTrustPolicy } from '../serviceLinked.js';
import { entityArn } from '../util.js';

interface Input {
  AWSServiceName: string;
  Description?: string;
  CustomSuffix?: string;
}

/**
 * iam:CreateServiceLinkedRole — the role AWS names for the service (AWSServiceRoleFor...), on the path
 * /aws-service-role/<service>/, trusted by the service alone. A name already taken answers AWS's InvalidInput.
 */
export default defineOperation<Input, Record<string, unknown>>({
  service: 'iam',
  name: 'CreateServiceLinkedRole',
  checks: (input, { caller }) => {
    let name: string;
    try {
      name = serviceLinkedRoleName(input.AWSServiceName, input.CustomSuffix);
    } catch {
      name = 'AWSServiceRoleFor*';
    }
    return [
      {
        action: 'iam:CreateServiceLinkedRole',
        resource: entityArn(caller.accountId, 'role', servicePath(input.AWSServiceName), name),
        context: { 'iam:AWSServiceName': input.AWSServiceName },
      },
    ];
  },
  handle: async (input, ctx) => {
    const name = serviceLinkedRoleName(input.AWSServiceName, input.CustomSuffix);
    try {
      const row = await createEntity(ctx, 'role', {
        name,
        path: servicePath(input.AWSServiceName),
        description: input.Description,
        trustPolicy: serviceTrustPolicy(input.AWSServiceName),
        maxSessionDuration: 3600,
      });
      const role: Record<string, unknown> = { ...roleOut(row) };
      delete role.RoleLastUsed;
      return { Role: role };
    } catch (e) {
      if (e instanceof ServiceError && e.code === 'EntityAlreadyExists')
        throw new ServiceError('InvalidInput', `Service role name ${name} has been taken in this account, please try a different suffix.`, 400);
      throw e;
    }
  },
});
