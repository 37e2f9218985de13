import { listOf, malformedXml, parseXmlDocument, textOf } from '../../../protocol/restxml/parse.js';
import { S3Errors } from '../errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, publishBucket, s3Check } from '../resources.js';
import type { BucketEncryption } from '../sse.js';

/**
 * The configuration as S3 reads it: one Rule, its ApplyServerSideEncryptionByDefault with an SSEAlgorithm;
 * AES256 (SSE-S3) is stored; aws:kms and aws:kms:dsse need a KMS Tessera does not have (501).
 */
export function parseEncryptionConfiguration(text: string): BucketEncryption {
  const doc = parseXmlDocument(text, 'ServerSideEncryptionConfiguration');
  const rules = listOf(doc, 'Rule');
  if (rules.length !== 1) throw malformedXml();
  const rule = rules[0]!;
  const byDefault = listOf(rule, 'ApplyServerSideEncryptionByDefault');
  if (byDefault.length !== 1) throw malformedXml();
  const algorithm = textOf(byDefault[0], 'SSEAlgorithm')?.trim();
  const kmsKey = textOf(byDefault[0], 'KMSMasterKeyID');
  if (algorithm === 'aws:kms' || algorithm === 'aws:kms:dsse') {
    throw S3Errors.notImplemented('Server-side encryption with AWS KMS keys is not implemented: Tessera has no KMS');
  }
  if (algorithm !== 'AES256') throw malformedXml();
  if (kmsKey !== undefined) {
    throw S3Errors.invalidArgument('a KMSMasterKeyID is not applicable if the default sse algorithm is not aws:kms or aws:kms:dsse', 'ApplyServerSideEncryptionByDefault', kmsKey);
  }
  const bucketKey = textOf(rule, 'BucketKeyEnabled')?.trim();
  if (bucketKey !== undefined && bucketKey !== 'true' && bucketKey !== 'false') throw malformedXml();
  return { algorithm, bucketKeyEnabled: bucketKey === 'true' };
}

/** PUT /bucket?encryption (s3:PutEncryptionConfiguration): the default encryption of new objects. */
export const PutBucketEncryption = defineS3Operation({
  name: 'PutBucketEncryption',
  route: { method: 'PUT', target: 'bucket', query: ['encryption'] },
  async decode(req) {
    const config = parseEncryptionConfiguration((await req.body.readAll(64 * 1024)).toString('utf8'));
    return { bucket: req.bucket, config };
  },
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, _ctx, b) => [s3Check('s3:PutEncryptionConfiguration', b, undefined)],
  async handle(input, ctx) {
    await ctx.space.admit();
    await ctx.deps.store.repos.buckets.setEncryption(input.bucket, JSON.stringify(input.config));
    await publishBucket(ctx.deps, input.bucket);
    return { status: 200 };
  },
});
