/**
 * Service-linked roles: roles on the path /aws-service-role/<service principal>/ that only their service
 * may change. The normal role APIs refuse them with UnmodifiableEntity, as AWS does.
 */
import { ServiceError } from '../../core/errors.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';

export const SERVICE_ROLE_PATH = '/aws-service-role/';

export const isServiceLinked = (role: IamEntitiesTable) => role.kind === 'role' && role.path.startsWith(SERVICE_ROLE_PATH);

/** UnmodifiableEntity when the role is service-linked. */
export function refuseServiceLinked(role: IamEntitiesTable): void {
  if (isServiceLinked(role))
    throw new ServiceError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`, 400);
}
