/** The input both assignment operations take, checked: an AWS_ACCOUNT target and a USER or GROUP principal. */
import { AdminErrors } from '../errors.js';
import type { AssignmentKey } from '../directory.js';

export interface AssignmentInput {
  InstanceArn: string;
  TargetId: string;
  TargetType: string;
  PermissionSetArn: string;
  PrincipalType: string;
  PrincipalId: string;
}

export function assignmentKey(i: AssignmentInput): AssignmentKey {
  if (i.TargetType !== 'AWS_ACCOUNT') throw AdminErrors.validation('TargetType must be AWS_ACCOUNT');
  if (i.PrincipalType !== 'USER' && i.PrincipalType !== 'GROUP') throw AdminErrors.validation('PrincipalType must be USER or GROUP');
  return { permissionSetArn: i.PermissionSetArn, targetAccountId: i.TargetId, principalType: i.PrincipalType, principalId: i.PrincipalId };
}

export const statusOut = (i: AssignmentInput, requestId: string, now: number) => ({
  Status: 'SUCCEEDED',
  RequestId: requestId,
  TargetId: i.TargetId,
  TargetType: i.TargetType,
  PermissionSetArn: i.PermissionSetArn,
  PrincipalType: i.PrincipalType,
  PrincipalId: i.PrincipalId,
  CreatedDate: now,
});
