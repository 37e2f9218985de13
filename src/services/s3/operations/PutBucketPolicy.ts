import { parsePolicy, PolicyValidationError } from '../../../policy/index.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { bucketArn, loadBucket, publishBucket, s3Check } from '../resources.js';
import { S3PolicyMessages, s3PolicyMessage } from '../policyMessages.js';
import { refusePublicPolicy } from '../publicAccess.js';

const MAX_POLICY = 20 * 1024;

/** Every Resource of a bucket policy must name this bucket or its objects (S3: "Policy has invalid resource"). */
function checkResources(text: string, bucket: string) {
  const doc = JSON.parse(text) as { Statement?: unknown };
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  for (const s of statements as Array<Record<string, unknown>>) {
    const res = s?.Resource ?? s?.NotResource;
    for (const r of Array.isArray(res) ? res : [res]) {
      if (typeof r !== 'string') continue;
      if (r !== bucketArn(bucket) && !r.startsWith(bucketArn(bucket) + '/') && !/^arn:aws:s3:::[^/]*[*?]/.test(r)) {
        throw S3Errors.malformedPolicy(S3PolicyMessages.resource);
      }
    }
  }
}

/** PUT /bucket?policy: validated by the policy engine as a resource-based policy. */
export const PutBucketPolicy = defineS3Operation({
  name: 'PutBucketPolicy',
  route: { method: 'PUT', target: 'bucket', query: ['policy'] },
  async decode(req) {
    const text = (await req.body.readAll(MAX_POLICY)).toString('utf8');
    try {
      parsePolicy(text, 'resource', { refuseAllowNotPrincipal: true });
    } catch (e) {
      if (e instanceof PolicyValidationError) throw S3Errors.malformedPolicy(s3PolicyMessage(text, e));
      throw e;
    }
    checkResources(text, req.bucket);
    return { bucket: req.bucket, policy: text };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, ctx, b) => {
    // The owner account's root may always manage the policy, even one that denies everyone (no lock-out).
    const ownerRoot = ctx.caller.type === 'root' && ctx.caller.accountId === b.account_id;
    return [s3Check('s3:PutBucketPolicy', b, undefined, { withoutPolicy: ownerRoot })];
  },
  async handle(input, ctx) {
    await ctx.space.admit();
    refusePublicPolicy(await loadBucket(ctx, input.bucket), input.policy, ctx.caller.arn);
    await ctx.deps.store.repos.buckets.setPolicy(input.bucket, input.policy);
    await publishBucket(ctx.deps, input.bucket);
    return { status: 204 };
  },
});
