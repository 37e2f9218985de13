/**
 * The route table: method × (bucket? key?) × sub-resource → operation name. Sub-resources S3 has but
 * Tessera does not implement answer NotImplemented; a method a resource does not take, MethodNotAllowed.
 */
import { S3Errors } from './errors.js';

export interface RouteInput {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
  header(name: string): string | undefined;
}

/** Sub-resources of S3's API that select other operations (not implemented here unless routed below). */
const OTHER_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle',
  'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policyStatus', 'publicAccessBlock',
  'replication', 'requestPayment', 'restore', 'retention', 'select', 'tagging', 'torrent', 'versioning', 'versions',
  'website', 'attributes', 'session', 'renameObject', 'metadataTable', 'abac',
];

export function routeS3(r: RouteInput): string {
  const q = r.query;
  const has = (n: string) => q.has(n);
  const m = r.method === 'HEAD' ? 'HEAD' : r.method;
  if (r.bucket === undefined) {
    if (m === 'GET') return 'ListBuckets';
    throw S3Errors.methodNotAllowed(m, 'SERVICE');
  }
  if (r.key === undefined) {
    if (has('policy')) {
      if (m === 'PUT') return 'PutBucketPolicy';
      if (m === 'GET') return 'GetBucketPolicy';
      if (m === 'DELETE') return 'DeleteBucketPolicy';
      throw S3Errors.methodNotAllowed(m, 'BUCKET');
    }
    if (has('location') && m === 'GET') return 'GetBucketLocation';
    if (has('uploads') && m === 'GET') return 'ListMultipartUploads';
    if (has('delete') && m === 'POST') return 'DeleteObjects';
    if (has('versioning') && m === 'GET') return 'GetBucketVersioning';
    if (has('acl') && m === 'GET') return 'GetBucketAcl';
    if (OTHER_SUBRESOURCES.some(has)) throw S3Errors.notImplemented();
    switch (m) {
      case 'GET':
        return q.get('list-type') === '2' ? 'ListObjectsV2' : 'ListObjects';
      case 'PUT':
        return 'CreateBucket';
      case 'HEAD':
        return 'HeadBucket';
      case 'DELETE':
        return 'DeleteBucket';
      default:
        throw S3Errors.methodNotAllowed(m, 'BUCKET');
    }
  }
  if (has('acl') && m === 'GET') return 'GetObjectAcl';
  if (OTHER_SUBRESOURCES.some(has)) throw S3Errors.notImplemented();
  switch (m) {
    case 'PUT':
      if (has('uploadId') || has('partNumber')) {
        return r.header('x-amz-copy-source') !== undefined ? 'UploadPartCopy' : 'UploadPart';
      }
      return r.header('x-amz-copy-source') !== undefined ? 'CopyObject' : 'PutObject';
    case 'GET':
      return has('uploadId') ? 'ListParts' : 'GetObject';
    case 'HEAD':
      return 'HeadObject';
    case 'POST':
      if (has('uploads')) return 'CreateMultipartUpload';
      if (has('uploadId')) return 'CompleteMultipartUpload';
      throw S3Errors.methodNotAllowed(m, 'OBJECT');
    case 'DELETE':
      return has('uploadId') ? 'AbortMultipartUpload' : 'DeleteObject';
    default:
      throw S3Errors.methodNotAllowed(m, 'OBJECT');
  }
}
