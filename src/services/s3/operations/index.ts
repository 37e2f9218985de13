/** S3's operations, one file each; each declares its route (protocol/restxml/route.ts builds the table). */
import type { AnyOperation } from '../../operation.js';
import { AbortMultipartUpload } from './AbortMultipartUpload.js';
import { CompleteMultipartUpload } from './CompleteMultipartUpload.js';
import { CopyObject } from './CopyObject.js';
import { CreateBucket } from './CreateBucket.js';
import { CreateMultipartUpload } from './CreateMultipartUpload.js';
import { DeleteBucket } from './DeleteBucket.js';
import { DeleteBucketEncryption } from './DeleteBucketEncryption.js';
import { DeleteBucketCors } from './DeleteBucketCors.js';
import { DeleteBucketPolicy } from './DeleteBucketPolicy.js';
import { DeleteObject } from './DeleteObject.js';
import { DeleteObjects } from './DeleteObjects.js';
import { GetBucketAcl } from './GetBucketAcl.js';
import { GetBucketEncryption } from './GetBucketEncryption.js';
import { GetBucketCors } from './GetBucketCors.js';
import { GetBucketLocation } from './GetBucketLocation.js';
import { GetBucketPolicy } from './GetBucketPolicy.js';
import { GetBucketVersioning } from './GetBucketVersioning.js';
import { GetObject } from './GetObject.js';
import { GetObjectAcl } from './GetObjectAcl.js';
import { GetObjectAttributes } from './GetObjectAttributes.js';
import { HeadBucket } from './HeadBucket.js';
import { HeadObject } from './HeadObject.js';
import { ListBuckets } from './ListBuckets.js';
import { ListMultipartUploads } from './ListMultipartUploads.js';
import { ListObjects } from './ListObjects.js';
import { ListObjectsV2 } from './ListObjectsV2.js';
import { ListParts } from './ListParts.js';
import { PutBucketEncryption } from './PutBucketEncryption.js';
import { PostObject } from './PostObject.js';
import { PreflightCors } from './PreflightCors.js';
import { PutBucketCors } from './PutBucketCors.js';
import { PutBucketPolicy } from './PutBucketPolicy.js';
import { PutObject } from './PutObject.js';
import { UploadPart } from './UploadPart.js';
import { UploadPartCopy } from './UploadPartCopy.js';
import { PutBucketAcl } from './PutBucketAcl.js';
import { PutObjectAcl } from './PutObjectAcl.js';
import { PutBucketOwnershipControls } from './PutBucketOwnershipControls.js';
import { GetBucketOwnershipControls } from './GetBucketOwnershipControls.js';
import { DeleteBucketOwnershipControls } from './DeleteBucketOwnershipControls.js';
import { PutPublicAccessBlock } from './PutPublicAccessBlock.js';
import { GetPublicAccessBlock } from './GetPublicAccessBlock.js';
import { DeletePublicAccessBlock } from './DeletePublicAccessBlock.js';
import { GetBucketPolicyStatus } from './GetBucketPolicyStatus.js';

import { PutBucketVersioning } from './PutBucketVersioning.js';
import { ListObjectVersions } from './ListObjectVersions.js';
import { PutBucketTagging } from './PutBucketTagging.js';
import { GetBucketTagging } from './GetBucketTagging.js';
import { DeleteBucketTagging } from './DeleteBucketTagging.js';
import { PutObjectTagging } from './PutObjectTagging.js';
import { GetObjectTagging } from './GetObjectTagging.js';
import { DeleteObjectTagging } from './DeleteObjectTagging.js';
import { PutBucketLifecycleConfiguration } from './PutBucketLifecycleConfiguration.js';
import { GetBucketLifecycleConfiguration } from './GetBucketLifecycleConfiguration.js';
import { DeleteBucketLifecycle } from './DeleteBucketLifecycle.js';
import { PutObjectLockConfiguration } from './PutObjectLockConfiguration.js';
import { GetObjectLockConfiguration } from './GetObjectLockConfiguration.js';
import { PutObjectRetention } from './PutObjectRetention.js';
import { GetObjectRetention } from './GetObjectRetention.js';
import { PutObjectLegalHold } from './PutObjectLegalHold.js';
import { GetObjectLegalHold } from './GetObjectLegalHold.js';

export const s3Operations: AnyOperation[] = [
  ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning, GetBucketAcl,
  PutBucketPolicy, GetBucketPolicy, DeleteBucketPolicy, GetBucketPolicyStatus, PutBucketVersioning, ListObjectVersions,
  PutBucketAcl, PutObjectAcl, PutBucketOwnershipControls, GetBucketOwnershipControls, DeleteBucketOwnershipControls,
  PutPublicAccessBlock, GetPublicAccessBlock, DeletePublicAccessBlock,
  PutBucketEncryption, GetBucketEncryption, DeleteBucketEncryption,
  PutBucketCors, GetBucketCors, DeleteBucketCors, PreflightCors,
  PutBucketTagging, GetBucketTagging, DeleteBucketTagging, PutObjectTagging, GetObjectTagging, DeleteObjectTagging,
  PutBucketLifecycleConfiguration, GetBucketLifecycleConfiguration, DeleteBucketLifecycle,
  PutObjectLockConfiguration, GetObjectLockConfiguration, PutObjectRetention, GetObjectRetention, PutObjectLegalHold, GetObjectLegalHold,
  PutObject, PostObject, GetObject, HeadObject, DeleteObject, DeleteObjects, CopyObject, GetObjectAcl, GetObjectAttributes,
  ListObjects, ListObjectsV2,
  CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload, AbortMultipartUpload, ListParts, ListMultipartUploads,
];
