/**
 * Server-side encryption as S3 answers it.
 *
 *  - SSE-S3 (`x-amz-server-side-encryption: AES256`, or the bucket's default encryption, which every bucket
 *    has: AES256 unless PutBucketEncryption said otherwise, as in S3 since January 2023): the object's bytes
 *    are sealed at rest (store/blobs/sealed.ts: a data key per blob wrapped by the key ring, AES-256-GCM in
 *    64 KiB segments). The object records `x-amz-server-side-encryption: AES256` with its headers, which
 *    GetObject and HeadObject answer; its ETag stays the MD5 of the plaintext.
 *  - SSE-C headers (`x-amz-server-side-encryption-customer-*`, and `x-amz-copy-source-...` for a copy's
 *    source) over plain HTTP: 400 InvalidRequest, whatever the operation (AWS: "Amazon S3 rejects any
 *    requests made over HTTP when using SSE-C"). Tessera listens on plain HTTP only, so no SSE-C request
 *    reaches an operation; one that did (a TLS listener) would be 501 NotImplemented on writes.
 *  - `aws:kms` and `aws:kms:dsse`: there is no KMS, so 501 NotImplemented naming the header, nothing written.
 *  - Malformed or contradictory SSE headers: AWS's 400s (InvalidArgument, InvalidEncryptionAlgorithmError).
 *  - Encryption headers on reads (GetObject, HeadObject): AWS's 400 (SSE-S3 objects need none; no stored
 *    object is SSE-C).
 * Presigned requests may carry these names in the query string (SDKs hoist x-amz-* headers): they count.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../../core/errors.js';
import type { RequestContextValues } from '../../authz/context.js';
import { ringKeys, type BlobKeys, type SealingRing } from '../../store/blobs/sealed.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import { S3Errors } from './errors.js';
import type { SealedRead } from './objects.js';

export interface SseSource {
  header(name: string): string | undefined;
  query: URLSearchParams;
}

const SSE = 'x-amz-server-side-encryption';
const KMS = [`${SSE}-aws-kms-key-id`, `${SSE}-context`, `${SSE}-bucket-key-enabled`];
const CUSTOMER = ['customer-algorithm', 'customer-key', 'customer-key-md5'];
const DEST_C = CUSTOMER.map((s) => `${SSE}-${s}`);
const SOURCE_C = CUSTOMER.map((s) => `x-amz-copy-source-server-side-encryption-${s}`);
const METHODS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);

/** The value of an SSE parameter: the header, else a query parameter of that name (any case). */
export function sseParam(req: SseSource, name: string): string | undefined {
  const h = req.header(name);
  if (h !== undefined) return h;
  for (const [k, v] of req.query) if (k.toLowerCase() === name) return v;
  return undefined;
}

const present = (req: SseSource, names: readonly string[]) => names.filter((n) => sseParam(req, n) !== undefined);

const invalidArgument = (message: string, name: string, value: string | undefined) =>
  S3Errors.invalidArgument(message, name, value ?? 'null');

/** SSE-C over HTTP (every operation): the key has crossed the network in clear; refuse before anything else. */
export function refuseCustomerKeyOverHttp(req: SseSource, secure: boolean): void {
  if (secure) return;
  if (present(req, DEST_C).length > 0 || present(req, SOURCE_C).length > 0) {
    throw S3Errors.invalidRequest('Requests specifying Server Side Encryption with Customer provided keys must be made over a secure connection.');
  }
}

/** Checks an SSE-C trio (algorithm, key, key MD5) as AWS does; returns whether one was given. */
function checkCustomerKey(req: SseSource, names: readonly string[]): boolean {
  const [algorithm, key, md5] = names.map((n) => sseParam(req, n));
  if (algorithm === undefined && key === undefined && md5 === undefined) return false;
  const p = 'Requests specifying Server Side Encryption with Customer provided keys must provide';
  if (algorithm === undefined) throw invalidArgument(`${p} a valid encryption algorithm.`, SSE, undefined);
  if (algorithm !== 'AES256') {
    throw new ServiceError('InvalidEncryptionAlgorithmError', 'The Encryption request you specified is not valid. Supported value: AES256.', 400, {
      extra: { ArgumentName: SSE, ArgumentValue: algorithm },
    });
  }
  if (key === undefined) throw invalidArgument(`${p} an appropriate secret key.`, SSE, undefined);
  if (md5 === undefined) throw invalidArgument(`${p} the client calculated MD5 of the secret key.`, SSE, undefined);
  const raw = Buffer.from(key, 'base64');
  const expected = createHash('md5').update(raw).digest();
  const given = Buffer.from(md5, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw invalidArgument('The calculated MD5 hash of the key did not match the hash that was provided.', SSE, undefined);
  }
  if (raw.length !== 32) throw invalidArgument('The secret key was invalid for the specified algorithm.', SSE, undefined);
  return true;
}

const notImplemented = (header: string) =>
  new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { extra: { Header: header } });

/**
 * PutObject, CopyObject (the target) and CreateMultipartUpload: the encryption the request asks for —
 * 'AES256', or undefined (the bucket's default applies); every other request refused as described above.
 */
export function requestedEncryption(req: SseSource): 'AES256' | undefined {
  const method = sseParam(req, SSE);
  const kms = present(req, KMS);
  const customer = present(req, DEST_C);
  if (customer.length > 0 && method !== undefined) {
    throw invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', SSE, method);
  }
  if (checkCustomerKey(req, DEST_C)) throw notImplemented(DEST_C[0]!);
  if (method !== undefined) {
    if (!METHODS.has(method)) throw invalidArgument('The encryption method specified is not supported', SSE, method);
    if (method === 'AES256' && kms.length > 0) {
      throw invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', SSE, method);
    }
    if (method !== 'AES256') throw notImplemented(SSE);
    return 'AES256';
  }
  if (kms.length > 0) {
    throw invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', SSE, undefined);
  }
  return undefined;
}

/** The request's SSE condition keys, each present only when the request sends its header. */
export function sseConditionKeys(req: SseSource): RequestContextValues {
  const c: RequestContextValues = {};
  const method = sseParam(req, SSE);
  if (method !== undefined) c['s3:x-amz-server-side-encryption'] = method;
  const algorithm = sseParam(req, DEST_C[0]!);
  if (algorithm !== undefined) c['s3:x-amz-server-side-encryption-customer-algorithm'] = algorithm;
  return c;
}

/** A bucket's default encryption (PutBucketEncryption), as stored in its `encryption` column. */
export interface BucketEncryption {
  algorithm: 'AES256';
  bucketKeyEnabled: boolean;
}

/**
 * The bucket's default encryption: its configuration, else the server's default (SSE-S3, as every S3 bucket
 * since January 2023; TESSERA_S3_DEFAULT_ENCRYPTION=none: none, as S3 before).
 */
export function bucketEncryption(b: Pick<S3BucketsTable, 'encryption'>, defaultEncryption: 'AES256' | 'none' | undefined): BucketEncryption | undefined {
  if (b.encryption) return JSON.parse(b.encryption) as BucketEncryption;
  if (defaultEncryption === 'none') return undefined;
  return { algorithm: 'AES256', bucketKeyEnabled: false };
}

const ringKeysOf = new WeakMap<SealingRing, BlobKeys>();

/** The key ring's blob keys (SSE-S3). */
export function s3Keys(ring: SealingRing): BlobKeys {
  let k = ringKeysOf.get(ring);
  if (!k) ringKeysOf.set(ring, (k = ringKeys(ring)));
  return k;
}

/** How a write stores its bytes: the blob keys (none: in clear) and the headers recorded with the object and answered. */
export interface WriteEncryption {
  keys: BlobKeys | undefined;
  headers: Record<string, string>;
}

const CLEAR: WriteEncryption = { keys: undefined, headers: {} };

/** The encryption of a new object (or upload): what the request asked for, else the bucket's default. */
export function writeEncryption(
  ring: SealingRing,
  requested: 'AES256' | undefined,
  bucket: Pick<S3BucketsTable, 'encryption'>,
  defaultEncryption: 'AES256' | 'none' | undefined,
): WriteEncryption {
  const algorithm = requested ?? bucketEncryption(bucket, defaultEncryption)?.algorithm;
  if (algorithm !== 'AES256') return CLEAR;
  return { keys: s3Keys(ring), headers: { [SSE]: 'AES256' } };
}

/** The encryption an object (or upload) was stored with, from its recorded headers (JSON). */
export function storedEncryption(ring: SealingRing, headersJson: string): WriteEncryption {
  const h = JSON.parse(headersJson) as Record<string, string>;
  return h[SSE] === 'AES256' ? { keys: s3Keys(ring), headers: { [SSE]: 'AES256' } } : CLEAR;
}

/** How to read an object's blobs: undefined when they are in clear. */
export function sealedRead(ring: SealingRing, headersJson: string): SealedRead | undefined {
  const { keys } = storedEncryption(ring, headersJson);
  if (!keys) return undefined;
  return {
    keysFor: (kind) => {
      if (kind !== keys.kind) throw S3Errors.invalidRequest('The encryption parameters are not applicable to this object.');
      return keys;
    },
    cache: true,
  };
}

/** An object's recorded headers (JSON) without the encryption it was stored with (a copy sets its own). */
export function withoutEncryption(headersJson: string): Record<string, string> {
  const h = JSON.parse(headersJson) as Record<string, string>;
  for (const k of Object.keys(h)) if (k.startsWith(SSE)) delete h[k];
  return h;
}

/** UploadPart and UploadPartCopy (the target): SSE-C is per part; the upload's encryption is fixed at creation. */
export function refusePartEncryption(req: SseSource): void {
  for (const n of [SSE, ...KMS]) {
    const v = sseParam(req, n);
    if (v !== undefined) throw invalidArgument(`${n} header is not supported for this operation.`, n, v);
  }
  // No upload is SSE-C (CreateMultipartUpload refuses it): AWS's answer for SSE-C parts of such an upload.
  if (checkCustomerKey(req, DEST_C)) {
    throw S3Errors.invalidRequest(
      'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
    );
  }
}

const NOT_APPLICABLE = 'The encryption parameters are not applicable to this object.';

/** GetObject and HeadObject: no stored object is encrypted, so encryption parameters never apply. */
export function refuseReadEncryption(req: SseSource): void {
  for (const n of [SSE, ...KMS]) {
    const v = sseParam(req, n);
    if (v !== undefined) throw invalidArgument(`${n} header is not supported for this operation.`, n, v);
  }
  if (checkCustomerKey(req, DEST_C)) throw S3Errors.invalidRequest(NOT_APPLICABLE);
}

/** CopyObject and UploadPartCopy: SSE-C parameters for the source never apply (no source is SSE-C). */
export function refuseCopySourceEncryption(req: SseSource): void {
  if (checkCustomerKey(req, SOURCE_C)) throw S3Errors.invalidRequest(NOT_APPLICABLE);
}
