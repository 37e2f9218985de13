/** S3's route table, as the operations declare it (protocol/restxml/route.ts builds it; services/registry.ts holds it). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { operations } from '../registry.js';

const r = (method: string, bucket: string | undefined, key: string | undefined, q = '', headers: Record<string, string> = {}) =>
  operations.routes.match({ method, bucket, key, query: new URLSearchParams(q), header: (n) => headers[n] });

test('routes: method × bucket/key × sub-resource', () => {
  const rows: Array<[string, string | undefined, string | undefined, string, Record<string, string>, string]> = [
    ['GET', undefined, undefined, '', {}, 'ListBuckets'],
    ['GET', 'b', undefined, '', {}, 'ListObjects'],
    ['GET', 'b', undefined, 'list-type=2', {}, 'ListObjectsV2'],
    ['PUT', 'b', undefined, '', {}, 'CreateBucket'],
    ['HEAD', 'b', undefined, '', {}, 'HeadBucket'],
    ['DELETE', 'b', undefined, '', {}, 'DeleteBucket'],
    ['GET', 'b', undefined, 'policy', {}, 'GetBucketPolicy'],
    ['PUT', 'b', undefined, 'policy', {}, 'PutBucketPolicy'],
    ['DELETE', 'b', undefined, 'policy', {}, 'DeleteBucketPolicy'],
    ['GET', 'b', undefined, 'location', {}, 'GetBucketLocation'],
    ['GET', 'b', undefined, 'versioning', {}, 'GetBucketVersioning'],
    ['PUT', 'b', undefined, 'versioning', {}, 'PutBucketVersioning'],
    ['GET', 'b', undefined, 'versions', {}, 'ListObjectVersions'],
    ['GET', 'b', undefined, 'versions&prefix=a', {}, 'ListObjectVersions'],
    ['PUT', 'b', undefined, 'tagging', {}, 'PutBucketTagging'],
    ['GET', 'b', undefined, 'tagging', {}, 'GetBucketTagging'],
    ['DELETE', 'b', undefined, 'tagging', {}, 'DeleteBucketTagging'],
    ['PUT', 'b', 'k', 'tagging', {}, 'PutObjectTagging'],
    ['GET', 'b', 'k', 'tagging&versionId=v', {}, 'GetObjectTagging'],
    ['DELETE', 'b', 'k', 'tagging', {}, 'DeleteObjectTagging'],
    ['GET', 'b', 'k', 'versionId=v', {}, 'GetObject'],
    ['DELETE', 'b', 'k', 'versionId=v', {}, 'DeleteObject'],
    ['GET', 'b', undefined, 'acl', {}, 'GetBucketAcl'],
    ['GET', 'b', undefined, 'uploads', {}, 'ListMultipartUploads'],
    ['POST', 'b', undefined, 'delete', {}, 'DeleteObjects'],
    ['POST', 'b', undefined, '', {}, 'PostObject'],
    ['GET', 'b', undefined, 'cors', {}, 'GetBucketCors'],
    ['PUT', 'b', undefined, 'cors', {}, 'PutBucketCors'],
    ['DELETE', 'b', undefined, 'cors', {}, 'DeleteBucketCors'],
    ['OPTIONS', 'b', undefined, '', {}, 'PreflightCors'],
    ['OPTIONS', 'b', 'k', '', {}, 'PreflightCors'],
    ['PUT', 'b', 'k', '', {}, 'PutObject'],
    ['GET', 'b', 'k', '', {}, 'GetObject'],
    ['HEAD', 'b', 'k', '', {}, 'HeadObject'],
    ['DELETE', 'b', 'k', '', {}, 'DeleteObject'],
    ['GET', 'b', 'k', 'acl', {}, 'GetObjectAcl'],
    ['PUT', 'b', 'k', '', { 'x-amz-copy-source': '/a/b' }, 'CopyObject'],
    ['PUT', 'b', 'k', 'partNumber=1&uploadId=u', {}, 'UploadPart'],
    ['PUT', 'b', 'k', 'partNumber=1', {}, 'UploadPart'],
    ['PUT', 'b', 'k', 'partNumber=1&uploadId=u', { 'x-amz-copy-source': '/a/b' }, 'UploadPartCopy'],
    ['POST', 'b', 'k', 'uploads', {}, 'CreateMultipartUpload'],
    ['POST', 'b', 'k', 'uploadId=u', {}, 'CompleteMultipartUpload'],
    ['DELETE', 'b', 'k', 'uploadId=u', {}, 'AbortMultipartUpload'],
    ['GET', 'b', 'k', 'uploadId=u', {}, 'ListParts'],
    ['PUT', 'b', undefined, 'acl', {}, 'PutBucketAcl'],
    ['PUT', 'b', 'k', 'acl', {}, 'PutObjectAcl'],
    ['PUT', 'b', undefined, 'ownershipControls', {}, 'PutBucketOwnershipControls'],
    ['DELETE', 'b', undefined, 'ownershipControls', {}, 'DeleteBucketOwnershipControls'],
    ['GET', 'b', undefined, 'publicAccessBlock', {}, 'GetPublicAccessBlock'],
    ['DELETE', 'b', undefined, 'publicAccessBlock', {}, 'DeletePublicAccessBlock'],
    ['GET', 'b', undefined, 'policyStatus', {}, 'GetBucketPolicyStatus'],
    ['GET', 'b', undefined, 'lifecycle', {}, 'GetBucketLifecycleConfiguration'],
    ['DELETE', 'b', undefined, 'lifecycle', {}, 'DeleteBucketLifecycle'],
    ['PUT', 'b', undefined, 'object-lock', {}, 'PutObjectLockConfiguration'],
    ['PUT', 'b', 'k', 'retention', {}, 'PutObjectRetention'],
    ['GET', 'b', 'k', 'legal-hold', {}, 'GetObjectLegalHold'],
  ];
  for (const [method, bucket, key, q, headers, name] of rows) assert.equal(r(method, bucket, key, q, headers), name, `${method} ${bucket ?? ''}/${key ?? ''}?${q}`);
});

test('routes: sub-resources Tessera does not implement answer NotImplemented, never another operation', () => {
  for (const [method, key, q] of [['GET', 'k', 'torrent'], ['GET', undefined, 'replication'], ['PUT', undefined, 'logging'], ['GET', undefined, 'website'], ['PUT', undefined, 'notification'], ['GET', undefined, 'accelerate']] as const) {
    assert.throws(() => r(method, 'b', key, q), { code: 'NotImplemented', status: 501 }, `${method} ?${q}`);
  }
});

test('routes: a method the resource does not take answers MethodNotAllowed with the resource type', () => {
  assert.throws(() => r('POST', 'b', 'k'), (e: { code: string; status: number; extra: Record<string, string> }) => {
    assert.equal(e.code, 'MethodNotAllowed');
    assert.equal(e.status, 405);
    assert.deepEqual(e.extra, { Method: 'POST', ResourceType: 'OBJECT' });
    return true;
  });
  assert.throws(() => r('POST', 'b', undefined, 'policy'), { code: 'MethodNotAllowed' });
  assert.throws(() => r('POST', 'b', undefined, 'location'), { code: 'MethodNotAllowed' });
  assert.throws(() => r('OPTIONS', undefined, undefined), { code: 'MethodNotAllowed' });
  assert.throws(() => r('PUT', undefined, undefined), { code: 'MethodNotAllowed' });
});
