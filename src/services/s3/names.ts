/** Bucket and key rules (S3's general-purpose bucket naming rules). */
import { S3Errors } from './errors.js';

export function validateBucketName(name: string): void {
  const ok =
    name.length >= 3 &&
    name.length <= 63 &&
    /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name) &&
    !name.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(name) &&
    !name.startsWith('xn--') &&
    !name.startsWith('sthree-') &&
    !name.endsWith('-s3alias') &&
    !name.endsWith('--ol-s3');
  if (!ok) throw S3Errors.invalidBucketName(name);
}

/** Names older clients may still address (path-style reads of legacy buckets): looser, never creatable. */
export const isAddressableBucketName = (name: string) => name.length >= 1 && name.length <= 255 && !name.includes('/');

export function validateKey(key: string): void {
  const len = Buffer.byteLength(key, 'utf8');
  if (len > 1024) throw S3Errors.keyTooLong(len);
  if (len === 0) throw S3Errors.invalidArgument('Key must not be empty');
}
