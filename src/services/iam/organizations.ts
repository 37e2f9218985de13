/**
 * The IAM operations that need AWS Organizations (centralized root access). A Tessera account belongs to no
 * organization, so they answer what AWS answers such an account: OrganizationNotFoundException (the
 * model gives this error no code of its own, so its wire code is the shape's name; HTTP 400 as documented).
 */
import { ServiceError } from '../../core/errors.js';
import { defineOperation } from '../operation.js';
import { star } from './lookups.js';

export const organizationNotFound = () =>
  new ServiceError('OrganizationNotFoundException', 'The request was rejected because no organization is associated with your account.', 400);

/** An operation on the organization's centralized root access, refused for an account outside any organization. */
export const organizationsOperation = (name: string) =>
  defineOperation<Record<string, never>, never>({
    service: 'iam',
    name,
    checks: () => [star(`iam:${name}`)],
    handle: async () => {
      throw organizationNotFound();
    },
  });
