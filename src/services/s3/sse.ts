/**
 * Server-side encryption requests. Tessera stores object bytes as they come (no SSE-S3, SSE-KMS or SSE-C
 * yet), so it never acknowledges one: every request that asks for server-side encryption is refused with
 * the error AWS gives for that request, and nothing is written.
 *
 *  - SSE-C headers (`x-amz-server-side-encryption-customer-*`, and `x-amz-copy-source-...` for a copy's
 *    source) over plain HTTP: 400 InvalidRequest, whatever the operation (AWS: "Amazon S3 rejects any
 *    requests made over HTTP when using SSE-C").
 *  - Malformed or contradictory SSE headers: AWS's 400s (InvalidArgument, InvalidEncryptionAlgorithmError).
 *  - A well-formed request for encryption on a write (PutObject, CopyObject, CreateMultipartUpload,
 *    SSE-C on UploadPart/UploadPartCopy): 501 NotImplemented naming the header.
 *  - Encryption headers on reads (GetObject, HeadObject, a copy's source): no stored object is encrypted,
 *    so AWS's answer for an unencrypted object: 400.
 * Presigned requests may carry these names in the query string (SDKs hoist x-amz-* headers): they count.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ServiceError } from '../../core/errors.js';
import { S3Errors } from './errors.js';

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

/** PutObject, CopyObject (the target) and CreateMultipartUpload: refuse every encryption request. */
export function refuseObjectEncryption(req: SseSource): void {
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
    throw notImplemented(SSE);
  }
  if (kms.length > 0) {
    throw invalidArgument('Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms', SSE, undefined);
  }
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
