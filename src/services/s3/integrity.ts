import { S3Errors } from './errors.js';
import type { S3Request } from './operation.js';

/**
 * Requests S3 takes only with an integrity header (DeleteObjects, PutBucketCors): Content-MD5 or a flexible
 * checksum (a header, a trailer, or the SDK's algorithm).
 */
export function requireIntegrityHeader(req: S3Request): void {
  const integrity =
    req.header('content-md5') !== undefined ||
    req.header('x-amz-sdk-checksum-algorithm') !== undefined ||
    req.header('x-amz-trailer') !== undefined ||
    req.rawHeaders.some((h, i) => i % 2 === 0 && h.toLowerCase().startsWith('x-amz-checksum-'));
  if (!integrity) throw S3Errors.invalidRequest('Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
}
