/** S3's door for other services: the bucket lookup and the check that carries a bucket's resource-side grants. */
export { findBucket, s3Check } from './resources.js';
/** A bucket's configuration sections of a state file (`tessera apply` / `export-state`), checked by the Put operations' parsers. */
export * as bucketConfig from './bucketConfig.js';
/** Objects a service delivers into a bucket (CloudTrail's log and digest files). */
export { putServiceObject } from './serviceWrite.js';
