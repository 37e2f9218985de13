/**
 * Server-side encryption as S3 answers it.
 *
 *  - SSE-S3 (`x-amz-server-side-encryption: AES256`, or the bucket's default encryption, which every bucket
 *    has: AES256 unless PutBucketEncryption said otherwise, as in S3 since January 2023): the object's bytes
 *    are sealed at rest (store/blobs/sealed.ts: a data key per blob wrapped by the key ring, AES-256-GCM in
 *    64 KiB segments). The object records `x-amz-server-side-encryption: AES256` with its headers, which
 *    GetObject and HeadObject answer; its ETag stays the MD5 of the plaintext.
 *  - SSE-C (`x-amz-server-side-encryption-customer-*`; `x-amz-copy-source-...` for a copy's source): over
 *    plain HTTP 400 InvalidRequest, whatever the operation (AWS: "Amazon S3 rejects any requests made over
 *    HTTP when using SSE-C"). Over HTTPS (`--tls-cert`) the object's blobs are sealed under data keys
 *    wrapped by a key derived from the customer's key, which is never stored: the object records the key's
 *    MD5 (answered, as AWS does) and a salted HMAC of it, which every later request's key must match
 *    (GET/HEAD/copy source: 400 without it, 403 with another; parts: the upload's key).
 *  - `aws:kms` and `aws:kms:dsse`: there is no KMS, so 501 NotImplemented naming the header, nothing written.
 *  - Malformed or contradictory SSE headers: AWS's 400s (InvalidArgument, InvalidEncryptionAlgorithmError).
 *  - `x-amz-server-side-encryption` on reads and parts: AWS's 400; SSE-C parameters for an object that is not
 *    SSE-C: 400 "The encryption parameters are not applicable to this object.".
 * Presigned requests may carry these names in the query string (SDKs hoist x-amz-* headers): they count.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../../core/errors.js';
import type { RequestContextValues } from '../../authz/context.js';
import { customerKeyMatches, customerKeys, customerKeyVerifier, ringKeys, SealedBlobError, type BlobKeys, type SealingRing } from '../../store/blobs/sealed.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import { S3Errors } from './errors.js';
import type { SealedRead } from './objects.js';
import { storedHeadersOf } from './storedHeaders.js';

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
  if (h !== undefined || req.query.size === 0) return h;
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

/** An SSE-C key as a request gave it (checked): the key, for this request only, and its MD5 (base64). */
export interface CustomerKey {
  key: Buffer;
  md5: string;
}

/** Checks an SSE-C trio (algorithm, key, key MD5) as AWS does; returns the key when one was given. */
function checkCustomerKey(req: SseSource, names: readonly string[]): CustomerKey | undefined {
  const [algorithm, key, md5] = names.map((n) => sseParam(req, n));
  if (algorithm === undefined && key === undefined && md5 === undefined) return undefined;
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
  return { key: raw, md5: expected.toString('base64') };
}

const notImplemented = (header: string) =>
  new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501, { extra: { Header: header } });

/**
 * PutObject, CopyObject (the target) and CreateMultipartUpload: the encryption the request asks for —
 * 'AES256', or undefined (the bucket's default applies); every other request refused as described above.
 */
export function requestedEncryption(req: SseSource): RequestedEncryption {
  const method = sseParam(req, SSE);
  const kms = present(req, KMS);
  if (present(req, DEST_C).length > 0 && method !== undefined) {
    throw invalidArgument('Server Side Encryption with Customer provided key is incompatible with the encryption method specified', SSE, method);
  }
  const customer = checkCustomerKey(req, DEST_C);
  if (customer) return customer;
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

/** What a write asks for: SSE-S3, SSE-C (the customer's key), or nothing (the bucket's default applies). */
export type RequestedEncryption = 'AES256' | CustomerKey | undefined;

/**
 * How bytes are stored: the blob keys (none: in clear), the headers answered, and the headers recorded with
 * the object (an SSE-C object's add a salted HMAC of its key, to check later requests' keys; never the key).
 */
export interface WriteEncryption {
  keys: BlobKeys | undefined;
  headers: Record<string, string>;
  stored: Record<string, string>;
}

const CLEAR: WriteEncryption = { keys: undefined, headers: {}, stored: {} };
const C_ALGORITHM = DEST_C[0]!;
const C_MD5 = DEST_C[2]!;
/** The recorded salted HMAC of an SSE-C object's key (objects.ts answers no x-tessera-* header). */
const C_VERIFIER = 'x-tessera-sse-c-key-hmac';

function sseS3(ring: SealingRing): WriteEncryption {
  const headers = { [SSE]: 'AES256' };
  return { keys: s3Keys(ring), headers, stored: headers };
}

function sseC(c: CustomerKey, verifier: string): WriteEncryption {
  const headers = { [C_ALGORITHM]: 'AES256', [C_MD5]: c.md5 };
  return { keys: customerKeys(c.key), headers, stored: { ...headers, [C_VERIFIER]: verifier } };
}

/** The encryption of a new object (or upload): what the request asked for, else the bucket's default. */
export function writeEncryption(
  ring: SealingRing,
  requested: RequestedEncryption,
  bucket: Pick<S3BucketsTable, 'encryption'>,
  defaultEncryption: 'AES256' | 'none' | undefined,
): WriteEncryption {
  if (requested !== undefined && requested !== 'AES256') return sseC(requested, customerKeyVerifier(requested.key));
  const algorithm = requested ?? bucketEncryption(bucket, defaultEncryption)?.algorithm;
  return algorithm === 'AES256' ? sseS3(ring) : CLEAR;
}

const MISSING_KEY = {
  read: 'The object was stored using a form of Server Side Encryption. The correct parameters must be provided to retrieve the object.',
  part: 'The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.',
};

/**
 * The encryption an object (or upload) was stored with, from its recorded headers (JSON), checked against
 * the SSE-C key the request gives (`customer`): an SSE-C object needs its key (400 without; with another key
 * 403 AccessDenied on reads, 400 on parts), and a key given for another object is AWS's 400.
 */
export function storedEncryption(ring: SealingRing, headersJson: string, customer?: CustomerKey, use: 'read' | 'part' = 'read'): WriteEncryption {
  const h = storedHeadersOf(headersJson);
  const verifier = h[C_VERIFIER];
  if (verifier !== undefined) {
    if (!customer) throw S3Errors.invalidRequest(MISSING_KEY[use]);
    if (!customerKeyMatches(customer.key, verifier)) {
      if (use === 'part') throw S3Errors.invalidRequest('The provided encryption parameters did not match the ones used originally.');
      throw S3Errors.noSuchKeyOrDenied();
    }
    return sseC(customer, verifier);
  }
  if (customer) throw S3Errors.invalidRequest(NOT_APPLICABLE);
  return h[SSE] === 'AES256' ? sseS3(ring) : CLEAR;
}

/** The encryption headers an object (or upload) answers with, from its recorded headers (JSON). */
export function encryptionHeaders(headersJson: string): Record<string, string> {
  const h = JSON.parse(headersJson) as Record<string, string>;
  if (h[C_VERIFIER] !== undefined) return { [C_ALGORITHM]: 'AES256', [C_MD5]: h[C_MD5] ?? '' };
  return h[SSE] === 'AES256' ? { [SSE]: 'AES256' } : {};
}

/** How to read an object's blobs (undefined: in clear), its SSE-C key checked as storedEncryption does. */
export function sealedRead(ring: SealingRing, headersJson: string, customer?: CustomerKey): SealedRead | undefined {
  const { keys } = storedEncryption(ring, headersJson, customer);
  if (!keys) return undefined;
  return {
    keysFor: (kind) => {
      if (kind !== keys.kind) throw new SealedBlobError('the blob is sealed under another kind of key', 'wrong-key');
      return keys;
    },
    // An SSE-C object's plaintext is never kept in memory: its key is the customer's, for this request.
    cache: keys.kind === 1,
  };
}

/** An object's recorded headers (JSON) without the encryption it was stored with (a copy sets its own). */
export function withoutEncryption(headersJson: string): Record<string, string> {
  const h = JSON.parse(headersJson) as Record<string, string>;
  for (const k of Object.keys(h)) if (k.startsWith(SSE) || k === C_VERIFIER) delete h[k];
  return h;
}

/** UploadPart and UploadPartCopy (the target): the part's SSE-C key; the upload's encryption is fixed at creation. */
export function partCustomerKey(req: SseSource): CustomerKey | undefined {
  for (const n of [SSE, ...KMS]) {
    const v = sseParam(req, n);
    if (v !== undefined) throw invalidArgument(`${n} header is not supported for this operation.`, n, v);
  }
  return checkCustomerKey(req, DEST_C);
}

const NOT_APPLICABLE = 'The encryption parameters are not applicable to this object.';

/** GetObject and HeadObject: SSE-S3 needs no parameter (refused as AWS does); an SSE-C object needs its key. */
export const readCustomerKey = partCustomerKey;

/** CopyObject and UploadPartCopy: the source's SSE-C key (x-amz-copy-source-server-side-encryption-customer-*). */
export function copySourceCustomerKey(req: SseSource): CustomerKey | undefined {
  return checkCustomerKey(req, SOURCE_C);
}

/**
 * The ETag of bytes stored under `keys` (given the MD5 of their plaintext): an SSE-C object's or part's is
 * 32 random hex digits, not an MD5 of its data, as S3's is not. Its ETag is listed to anyone who may list
 * the bucket, without the customer's key, and an MD5 of the plaintext would confirm a guess of the content.
 */
export function storedEtag(plaintextMd5Hex: string, keys: BlobKeys | undefined): string {
  return keys?.kind === 2 ? randomBytes(16).toString('hex') : plaintextMd5Hex;
}
