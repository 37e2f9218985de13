import { parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { S3Errors } from '../errors.js';
import { validateBucketName } from '../names.js';
import { defineS3Operation } from '../operation.js';
import { bucketArn, publishBucket } from '../resources.js';
import { parseLockEnabledHeader } from '../objectLock.js';
import { bucketAccessAtCreation, creationChecks, creationGrants, decodeCreationAccess } from '../acl/creation.js';

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const US_EAST_1 = 'us-east-1';

/** PUT /bucket [CreateBucketConfiguration/LocationConstraint]. */
export const CreateBucket = defineS3Operation({
  name: 'CreateBucket',
  route: { method: 'PUT', target: 'bucket' },
  async decode(req) {
    const bucket = req.bucket;
    validateBucketName(bucket);
    const text = (await req.body.readAll(64 * 1024)).toString('utf8').trim();
    let location: string | undefined;
    if (text) {
      const doc = parseXmlDocument(text, 'CreateBucketConfiguration');
      location = textOf(doc, 'LocationConstraint')?.trim();
      if (location !== undefined && location !== '' && location !== 'EU' && !REGION.test(location)) throw S3Errors.invalidLocationConstraint(location);
    }
    return { bucket, location, access: decodeCreationAccess(req.header), objectLock: parseLockEnabledHeader(req.header) };
  },
  // With Object Lock, AWS also requires s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning.
  checks: (input) => [
    ...creationChecks(bucketArn(input.bucket), input.access),
    ...(input.objectLock ? ['s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning'] : []).map((action) => ({ action, resource: bucketArn(input.bucket) })),
  ],
  async handle(input, ctx) {
    if (ctx.caller.type === 'anonymous') throw S3Errors.invalidRequest('Anonymous requests cannot create buckets');
    await ctx.space.admit();
    const region = input.location === 'EU' ? 'eu-west-1' : input.location || US_EAST_1;
    const access = await bucketAccessAtCreation(ctx, input.bucket, input.access);
    const inserted = await ctx.deps.store.repos.buckets.insert({
      name: input.bucket,
      account_id: ctx.caller.accountId,
      region,
      created_at: ctx.now,
      policy: null,
      ...access,
      ...(input.objectLock ? { versioning: 'Enabled', object_lock: JSON.stringify({ enabled: true }) } : {}),
    });
    if (!inserted) {
      const existing = await ctx.deps.store.repos.buckets.get(input.bucket);
      if (existing?.account_id !== ctx.caller.accountId) throw S3Errors.bucketAlreadyExists(input.bucket);
      // S3's legacy answer in us-east-1 (API Reference, CreateBucket): 200 OK and the bucket's ACL reset to
      // the request's; in every other region BucketAlreadyOwnedByYou.
      if (existing.region !== US_EAST_1 || region !== US_EAST_1) throw S3Errors.bucketAlreadyOwnedByYou(input.bucket);
      await ctx.deps.store.repos.buckets.setAccessControl(input.bucket, { acl: await creationGrants(ctx, existing, input.access.acl) });
    }
    await publishBucket(ctx.deps, input.bucket);
    return { headers: { Location: `/${input.bucket}` } };
  },
});
