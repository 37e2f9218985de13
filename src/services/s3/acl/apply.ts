/**
 * Applying a requested ACL to a bucket or an object: grants resolved, Object Ownership (ACLs disabled:
 * AccessControlListNotSupported) and Block Public Access (BlockPublicAcls: AccessDenied) enforced. Used by
 * PutBucketAcl, PutObjectAcl and the writes that carry x-amz-acl / x-amz-grant-* headers.
 */
import type { RequestContextValues } from '../../../authz/context.js';
import type { S3BucketsTable } from '../../../store/schema-s3.js';
import type { S3OperationContext } from '../operation.js';
import { aclsEnabled } from '../ownership.js';
import { publicAccessErrors, storedPublicAccessBlock } from '../publicAccess.js';
import { bucketArn, loadBucket, objectArn } from '../resources.js';
import { isPublicGrant, type Grant } from './model.js';
import { aclContext, aclErrors, aclFromHeaders, allowedWithAclsDisabled, resolveAcl, type AclRequest } from './request.js';

export interface AclTarget {
  bucket: Pick<S3BucketsTable, 'name' | 'account_id' | 'object_ownership' | 'public_access_block'>;
  /** The object's key (object ACLs) and its owner. */
  key?: string;
  owner: string;
  action: string;
}

/** The grants to store (JSON), or null for the owner's default; throws AWS's refusals. */
export async function grantsToStore(ctx: S3OperationContext, req: AclRequest | undefined, t: AclTarget): Promise<string | null> {
  if (!req) return null;
  const accounts = 'canned' in req ? [] : (await ctx.deps.store.repos.accounts.list()).map((a) => a.id);
  const grants: Grant[] = resolveAcl(req, t.owner, t.bucket.account_id, t.key === undefined ? 'bucket' : 'object', accounts);
  if (!aclsEnabled(t.bucket) && !allowedWithAclsDisabled(req, grants, t.bucket.account_id)) throw aclErrors.notSupported();
  if (storedPublicAccessBlock(t.bucket.public_access_block)?.BlockPublicAcls && grants.some(isPublicGrant)) {
    const resource = t.key === undefined ? bucketArn(t.bucket.name) : objectArn(t.bucket.name, t.key);
    throw publicAccessErrors.blocked(ctx.caller.arn, t.action, resource, 'BlockPublicAcls');
  }
  // With ACLs disabled the stored ACL is the owner's default whatever was sent.
  if (!aclsEnabled(t.bucket)) return null;
  return 'canned' in req && req.canned === 'private' ? null : JSON.stringify(grants);
}

/** The ACL headers of an object write (PutObject, CopyObject, CreateMultipartUpload) and their condition keys. */
export interface WriteAcl {
  request: AclRequest | undefined;
  context: RequestContextValues;
}

export const decodeWriteAcl = (header: (name: string) => string | undefined): WriteAcl => ({
  request: aclFromHeaders(header),
  context: aclContext(header),
});

/**
 * The owner and the ACL (JSON or null) of a new object from its write's headers, refused before anything is
 * written. The owner is the writer's account, or the bucket owner's under BucketOwnerEnforced, under
 * BucketOwnerPreferred with bucket-owner-full-control, and for anonymous writers.
 */
export async function objectWrite(ctx: S3OperationContext, bucket: string, key: string, w: WriteAcl | undefined): Promise<{ owner: string; acl: string | null }> {
  const b = await loadBucket(ctx, bucket);
  const req = w?.request;
  const toBucketOwner =
    !ctx.caller.accountId ||
    b.object_ownership === 'BucketOwnerEnforced' ||
    (b.object_ownership === 'BucketOwnerPreferred' && req !== undefined && 'canned' in req && req.canned === 'bucket-owner-full-control');
  const owner = toBucketOwner ? b.account_id : ctx.caller.accountId;
  const acl = req ? await grantsToStore(ctx, req, { bucket: b, key, owner, action: 's3:PutObject' }) : null;
  return { owner, acl };
}
