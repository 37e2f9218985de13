/** S3's tables (buckets, objects, multipart uploads). Owned by services/s3. */

export interface S3BucketsTable {
  name: string;
  account_id: string;
  region: string;
  created_at: number;
  /** The bucket policy (JSON text) or null. */
  policy: string | null;
  /** The default encryption (PutBucketEncryption; JSON of services/s3/sse.ts BucketEncryption) or null: the server's default. */
  encryption?: string | null;
  /** The CORS rules (JSON, services/s3/cors.ts) or null; optional on insert. */
  cors?: string | null;
  /** Object Ownership: BucketOwnerEnforced | BucketOwnerPreferred | ObjectWriter; null: no ownership controls. */
  object_ownership?: string | null;
  /** Block Public Access (JSON of its four flags); null: none. */
  public_access_block?: string | null;
  /** ACL grants (JSON, services/s3/acl/model.ts); null: the owner's FULL_CONTROL. */
  acl?: string | null;
  /** 'Enabled' or 'Suspended' once versioning was configured; null: never versioned. */
  versioning: string | null;
  /** The bucket's tag set (JSON: [{"Key": k, "Value": v}, ...]) or null. */
  tags: string | null;
  /** Object Lock (JSON: {"enabled": true, "mode"?: ..., "days"?: n, "years"?: n}) or null: not enabled. */
  object_lock: string | null;
  /** The lifecycle rules (JSON) or null. */
  lifecycle: string | null;
}

/**
 * One row per object, primary key (bucket, key): a listing is an indexed range scan. Keys compare as bytes
 * (SQLite BINARY; PostgreSQL collate "C"), which is S3's UTF-8 binary order.
 */
export interface S3ObjectsTable {
  bucket: string;
  key: string;
  /** JSON: [{"id": blobId, "size": n}, ...] — one blob for PutObject, one per part after multipart. */
  blobs: string;
  size: number;
  etag: string;
  last_modified: number;
  content_type: string;
  /** JSON: { "x-amz-meta-...": v, "content-encoding": v, ... } as stored headers. */
  headers: string;
  checksum_algorithm: string | null;
  checksum_value: string | null;
  parts_count: number | null;
  owner_account: string;
  /** ACL grants (JSON); null or absent: the owner's FULL_CONTROL. A write that omits it stores null. */
  acl?: string | null;
  /** The version's id: 'null' for the null version (unversioned and suspended buckets). */
  version_id: string;
  /** 1 when the latest version is a delete marker (no bytes: blobs "[]"). */
  delete_marker: number;
  /** The object's tag set (JSON: [{"Key": k, "Value": v}, ...]) or null. */
  tags: string | null;
  /** The version's lock (JSON: {"mode"?: "GOVERNANCE"|"COMPLIANCE", "until"?: ms, "hold"?: true}) or null. */
  object_lock: string | null;
}

/**
 * The noncurrent versions of a key (the latest is s3_objects): `seq` falls as versions are added, so
 * (bucket, key, seq) orders a key's versions newest first. `row` is the whole S3ObjectsTable row (JSON).
 */
export interface S3VersionsTable {
  bucket: string;
  key: string;
  seq: number;
  version_id: string;
  delete_marker: number;
  last_modified: number;
  /** When a newer version replaced it (lifecycle's noncurrent days count from here). */
  noncurrent_since: number;
  size: number;
  etag: string;
  owner_account: string;
  checksum_algorithm: string | null;
  blobs: string;
  row: string;
}

export interface S3UploadsTable {
  upload_id: string;
  bucket: string;
  key: string;
  initiated: number;
  content_type: string;
  headers: string;
  checksum_algorithm: string | null;
  /** COMPOSITE or FULL_OBJECT (with an algorithm), null without one. */
  checksum_type: string | null;
  owner_account: string;
  initiator_arn: string;
  /** The ACL grants the completed object gets (JSON), or null. */
  acl?: string | null;
  /** The tag set the object gets on completion (x-amz-tagging), JSON, or null. */
  tags: string | null;
  /** The lock the object gets on completion (as s3_objects.object_lock), or null. */
  object_lock: string | null;
}

/** A lease on a background job (the lifecycle sweep): one holder at a time until `expires`. */
export interface S3LeasesTable {
  name: string;
  holder: string;
  expires: number;
}

export interface S3PartsTable {
  upload_id: string;
  part_number: number;
  blob_id: string;
  size: number;
  etag: string;
  last_modified: number;
  checksum_value: string | null;
}

/** A completed multipart upload's answer, kept for S3's repeat window (a retried completion answers it again). */
export interface S3CompletedUploadsTable {
  upload_id: string;
  bucket: string;
  key: string;
  /** The object's ETag (unquoted): a repeat is answered only while the key still holds that object. */
  etag: string;
  /** The answer as JSON: { headers, xml }. */
  answer: string;
  completed_at: number;
}

export interface S3Tables {
  s3_buckets: S3BucketsTable;
  s3_objects: S3ObjectsTable;
  s3_versions: S3VersionsTable;
  s3_uploads: S3UploadsTable;
  s3_leases: S3LeasesTable;
  s3_parts: S3PartsTable;
  s3_completed_uploads: S3CompletedUploadsTable;
}
