/** Building the checks operations declare: ARNs, the bucket policy and the bucket owner's account. */
import type { RequestContextValues } from '../../authz/context.js';
import type { Deps } from '../../server/deps.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import { ALL_TOPICS, type Store } from '../../store/store.js';
import type { TtlMap } from '../../store/ttlMap.js';
import type { AuthzCheck } from '../operation.js';
import { S3Errors } from './errors.js';
import { bucketTagContext, requestTagContext, type Tag } from './tagging.js';
import type { S3OperationContext } from './operation.js';
import { resourcePolicyText, type ObjectAclFacts } from './acl/resourcePolicy.js';
import { aclsEnabled } from './ownership.js';

export const bucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/** The topic a change of the bucket (created, deleted, its policy) publishes. */
export const bucketTopic = (name: string) => `bucket:${name}`;

const caches = new WeakMap<Store, TtlMap<string, S3BucketsTable | null>>();

/**
 * Buckets as the request path reads them, by name: cached until their topic is published (in this process
 * and, on PostgreSQL, in every other one) and never longer than the store's cache TTL.
 */
function bucketCache(store: Store): TtlMap<string, S3BucketsTable | null> {
  let c = caches.get(store);
  if (!c) {
    const cache = store.cache<string, S3BucketsTable | null>(10_000);
    store.onChange((topic) => {
      if (topic.startsWith('bucket:')) cache.delete(topic.slice(7));
      else if (topic === ALL_TOPICS) cache.clear();
    });
    caches.set(store, (c = cache));
  }
  return c;
}

/** Reads the bucket for authorization; NoSuchBucket when it does not exist. */
export async function loadBucket(ctx: S3OperationContext, name: string): Promise<S3BucketsTable> {
  const row = await findBucket(ctx.deps.store, name);
  if (!row) throw S3Errors.noSuchBucket(name);
  return row;
}

/** The bucket through the cache (null when it does not exist): also for requests not yet authenticated. */
export async function findBucket(store: Store, name: string): Promise<S3BucketsTable | null> {
  const cache = bucketCache(store);
  let row = cache.get(name);
  if (row === undefined) {
    const generation = cache.generation;
    row = (await store.repos.buckets.get(name)) ?? null;
    cache.set(name, row, generation);
  }
  return row;
}

/** A bucket read for the checks of an object operation: with the object's ACL when the bucket's ACLs are enabled. */
export type BucketWithObject = S3BucketsTable & { objectAcl?: ObjectAclFacts };

/** Reads the bucket (NoSuchBucket) and, when its ACLs take part in authorization, the object's owner and ACL. */
export async function loadBucketForObject(ctx: S3OperationContext, name: string, key: string): Promise<BucketWithObject> {
  const b = await loadBucket(ctx, name);
  if (!aclsEnabled(b)) return b;
  return withObjectAcl(b, await ctx.deps.store.repos.objects.get(name, key));
}

/** The bucket with the owner and ACL of one object version (when the bucket's ACLs are enabled and there is one). */
export function withObjectAcl(b: S3BucketsTable, o: { owner_account: string; acl?: string | null } | undefined): BucketWithObject {
  if (!o || !aclsEnabled(b)) return b;
  return { ...b, objectAcl: { owner: o.owner_account, acl: o.acl ?? null } };
}

/** Announces a committed change of the bucket: every cache of it is dropped. */
export const publishBucket = (deps: Deps, name: string) => deps.store.publish(bucketTopic(name));

export interface CheckOptions {
  context?: RequestContextValues;
  /** Leave the bucket policy out (the owner's root may always manage the policy itself). */
  withoutPolicy?: boolean;
}

/**
 * A check against a bucket or an object in it: carries the bucket policy, the ACLs' grants, the owner's account
 * and the bucket's tags (aws:ResourceTag/<key>).
 */
export function s3Check(action: string, bucket: BucketWithObject, key: string | undefined, opts: CheckOptions = {}): AuthzCheck {
  const check: AuthzCheck = {
    action,
    resource: key === undefined ? bucketArn(bucket.name) : objectArn(bucket.name, key),
    resourceAccountId: bucket.account_id,
  };
  const tags = bucketTagContext(bucket.tags);
  if (opts.context || bucket.tags) check.context = { ...tags, ...opts.context };
  // The bucket policy and, where ACLs are enabled, the ACLs' grants: the one place resource-side grants enter.
  const document = resourcePolicyText(bucket, opts.withoutPolicy ? null : bucket.policy, key === undefined ? undefined : bucket.objectAcl);
  if (document) check.resourcePolicy = { document, id: bucketArn(bucket.name) };
  return check;
}

/**
 * The checks of a write that creates an object (PutObject, CopyObject, CreateMultipartUpload): s3:PutObject,
 * and with tags (x-amz-tagging) also s3:PutObjectTagging, both with s3:RequestObjectTag/<key> and
 * s3:RequestObjectTagKeys.
 */
export function taggedWriteChecks(b: S3BucketsTable, key: string, tags: Tag[] | undefined, extra: RequestContextValues = {}): AuthzCheck[] {
  const context = { ...extra, ...requestTagContext(tags) };
  const checks = [s3Check('s3:PutObject', b, key, Object.keys(context).length ? { context } : {})];
  if (tags) checks.push(s3Check('s3:PutObjectTagging', b, key, { context: requestTagContext(tags) }));
  return checks;
}
