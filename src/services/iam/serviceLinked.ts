/**
 * Service-linked roles: roles on the path /aws-service-role/<service principal>/ that only their service
 * may change. The normal role APIs refuse them with UnmodifiableEntity, as AWS does.
 */
import { ServiceError } from '../../core/errors.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import { invalidInput } from './errors.js';
import { SERVICE_LINKED_NAMES } from './serviceLinkedNames.js';

export const SERVICE_ROLE_PATH = '/aws-service-role/';

export const isServiceLinked = (role: IamEntitiesTable) => role.kind === 'role' && role.path.startsWith(SERVICE_ROLE_PATH);

/** UnmodifiableEntity when the role is service-linked. */
export function refuseServiceLinked(role: IamEntitiesTable): void {
  if (isServiceLinked(role))
    throw new ServiceError('UnmodifiableEntity', `Cannot perform the operation on the protected role '${role.name}' - this role is only modifiable by AWS`, 400);
}

/** CreateRole: the service-linked path is AWS's own (InvalidInput). */
export function refuseServicePath(path: string | undefined): void {
  if (path?.startsWith(SERVICE_ROLE_PATH)) throw invalidInput(`Path prefix '${SERVICE_ROLE_PATH}' can only be used for AWS Service linked Roles`);
}

/** The path of a service's linked roles. */
export const servicePath = (service: string) => `${SERVICE_ROLE_PATH}${service}/`;

/** The trust policy of a service-linked role: the service alone may assume it. */
export const serviceTrustPolicy = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });

/** The role name CreateServiceLinkedRole gives (InvalidInput for an unknown service or a suffix it does not take). */
export function serviceLinkedRoleName(service: string, customSuffix: string | undefined): string {
  const known = Object.hasOwn(SERVICE_LINKED_NAMES, service) ? SERVICE_LINKED_NAMES[service] : undefined;
  if (!known) throw invalidInput(`Unrecognized service principal: ${service}. Tessera knows the service-linked roles of ${Object.keys(SERVICE_LINKED_NAMES).length} AWS services.`);
  if (customSuffix === undefined) return known.name;
  if (!known.suffix) throw invalidInput(`Custom suffix is not allowed for the service-linked role of ${service}.`);
  return `${known.name}_${customSuffix}`;
}

/** task/aws-service-role/<service>/<role name>/<uuid>: the deletion task id AWS documents. */
export const deletionTaskId = (service: string, roleName: string, uuid: string) => `task${servicePath(service)}${roleName}/${uuid}`;

/** The role a deletion task id names: its service and role name, or undefined when the id is not of that form. */
export function parseDeletionTaskId(id: string): { service: string; roleName: string } | undefined {
  const m = /^task\/aws-service-role\/([^/]+)\/([\w+=,.@-]+)\/[0-9a-f-]{36}$/.exec(id);
  return m ? { service: m[1]!, roleName: m[2]! } : undefined;
}
