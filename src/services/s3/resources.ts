/** Building the checks operations declare: ARNs, the bucket policy and the bucket owner's account. */
import type { RequestContextValues } from '../../authz/context.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import type { AuthzCheck } from '../operation.js';
import { S3Errors } from './errors.js';
import type { S3OperationContext } from './operation.js';

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** Reads the bucket for authorization; NoSuchBucket when it does not exist. */
export async function loadBucket(ctx: S3OperationContext, name: string): Promise<S3BucketsTable> {
  const row = await ctx.deps.store.repos.buckets.get(name);
  if (!row) throw S3Errors.noSuchBucket(name);
  return row;
}

export interface CheckOptions {
  context?: RequestContextValues;
  /** Leave the bucket policy out (the owner's root may always manage the policy itself). */
  withoutPolicy?: boolean;
}

/** A check against a bucket or an object in it: carries the bucket policy and the owner's account. */
export function s3Check(action: string, bucket: S3BucketsTable, key: string | undefined, opts: CheckOptions = {}): AuthzCheck {
  const check: AuthzCheck = {
    action,
    resource: key === undefined ? bucketArn(bucket.name) : objectArn(bucket.name, key),
    resourceAccountId: bucket.account_id,
  };
  if (opts.context) check.context = opts.context;
  if (bucket.policy && !opts.withoutPolicy) check.resourcePolicy = { document: bucket.policy, id: bucketArn(bucket.name) };
  return check;
}
