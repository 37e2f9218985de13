import { xmlDocument } from '../../../protocol/restxml/encode.js';
import { ServiceError } from '../../../core/errors.js';
import { defineS3Operation } from '../operation.js';
import { loadBucket, s3Check } from '../resources.js';
import { bucketEncryption } from '../sse.js';

/**
 * GET /bucket?encryption (s3:GetEncryptionConfiguration): the bucket's configuration, else the default every
 * bucket has (SSE-S3, BucketKeyEnabled false); with TESSERA_S3_DEFAULT_ENCRYPTION=none and no configuration,
 * S3's former answer: 404 ServerSideEncryptionConfigurationNotFoundError.
 */
export const GetBucketEncryption = defineS3Operation({
  name: 'GetBucketEncryption',
  route: { method: 'GET', target: 'bucket', query: ['encryption'] },
  decode: (req) => ({ bucket: req.bucket }),
  prepare: (input, ctx) => loadBucket(ctx, input.bucket),
  checks: (_input, _ctx, b) => [s3Check('s3:GetEncryptionConfiguration', b, undefined)],
  async handle(_input, ctx, b) {
    const config = bucketEncryption(b, ctx.deps.config.s3DefaultEncryption);
    if (!config) {
      throw new ServiceError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404, {
        extra: { BucketName: b.name },
      });
    }
    return {
      xml: xmlDocument('ServerSideEncryptionConfiguration', [
        [
          'Rule',
          [
            ['ApplyServerSideEncryptionByDefault', [['SSEAlgorithm', config.algorithm]]],
            ['BucketKeyEnabled', config.bucketKeyEnabled],
          ],
        ],
      ]),
    };
  },
});
