/**
 * CreateBucket's access settings: x-amz-object-ownership (default BucketOwnerEnforced), S3's default Block
 * Public Access for new buckets (all four on), and the ACL of x-amz-acl / x-amz-grant-*.
 */
import type { AuthzCheck } from '../../../authz/check.js';
import { ServiceError } from '../../../core/errors.js';
import type { S3BucketsTable } from '../../../store/schema-s3.js';
import type { S3OperationContext } from '../operation.js';
import { DEFAULT_OWNERSHIP, parseOwnership, type Ownership } from '../ownership.js';
import { DEFAULT_PUBLIC_ACCESS_BLOCK } from '../publicAccess.js';
import { grantsToStore } from './apply.js';
import { aclContext, aclFromHeaders, type AclRequest } from './request.js';

export interface CreationAccess {
  ownership: Ownership;
  ownershipSent: boolean;
  acl: AclRequest | undefined;
  context: Record<string, string>;
}

export function decodeCreationAccess(header: (name: string) => string | undefined): CreationAccess {
  const sent = header('x-amz-object-ownership');
  const context = aclContext(header) as Record<string, string>;
  if (sent !== undefined) context['s3:x-amz-object-ownership'] = sent;
  return {
    ownership: sent === undefined ? DEFAULT_OWNERSHIP : parseOwnership(sent),
    ownershipSent: sent !== undefined,
    acl: aclFromHeaders(header),
    context,
  };
}

/** s3:CreateBucket with its condition keys; setting Object Ownership also needs s3:PutBucketOwnershipControls. */
export function creationChecks(resource: string, a: CreationAccess): AuthzCheck[] {
  const checks: AuthzCheck[] = [{ action: 's3:CreateBucket', resource, context: a.context }];
  if (a.ownershipSent) checks.push({ action: 's3:PutBucketOwnershipControls', resource });
  return checks;
}

export async function bucketAccessAtCreation(
  ctx: S3OperationContext,
  name: string,
  a: CreationAccess,
): Promise<Pick<S3BucketsTable, 'object_ownership' | 'public_access_block' | 'acl'>> {
  const bucket = {
    name,
    account_id: ctx.caller.accountId,
    object_ownership: a.ownership,
    public_access_block: JSON.stringify(DEFAULT_PUBLIC_ACCESS_BLOCK),
  };
  const acl = await creationGrants(ctx, bucket, a.acl);
  return { object_ownership: bucket.object_ownership, public_access_block: bucket.public_access_block, acl };
}

/**
 * The stored ACL of CreateBucket's x-amz-acl / x-amz-grant-* on `bucket` (a new one, or the one re-created
 * in us-east-1); with ACLs disabled, anything but the owner's default is InvalidBucketAclWithObjectOwnership.
 */
export async function creationGrants(
  ctx: S3OperationContext,
  bucket: Pick<S3BucketsTable, 'name' | 'account_id' | 'object_ownership' | 'public_access_block'>,
  acl: AclRequest | undefined,
): Promise<string | null> {
  try {
    return await grantsToStore(ctx, acl, { bucket, owner: bucket.account_id, action: 's3:CreateBucket' });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessControlListNotSupported') {
      throw new ServiceError('InvalidBucketAclWithObjectOwnership', "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", 400);
    }
    throw e;
  }
}
