/** S3's tables (buckets, objects, multipart uploads). Owned by services/s3. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface S3Tables {}
