/**
 * Authenticating a browser-form upload (POST /bucket, multipart/form-data; S3 API Reference, "Browser-based
 * uploads using POST (AWS Signature Version 4)", and the Signature Version 2 form S3 still accepts: an
 * AWSAccessKeyId field and a base64 HMAC-SHA1 `signature` of the policy). The credentials are in the form,
 * not the headers: the fields before the file are read (capped, postForm.ts), the signature over the base64
 * policy is checked (SigV4: with the signing key of the x-amz-credential's scope), then the policy
 * (expiration, conditions, every field covered) is checked against the fields. A form without policy or
 * signature is anonymous.
 */
import { createHash, createHmac, type Hash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { forDialect } from '../../auth/authenticate.js';
import { computeSignatureV2 } from '../../auth/sigv2/computeSignatureV2.js';
import { anonymousCaller, type Caller } from '../../auth/caller.js';
import type { Credentials } from '../../auth/credentials.js';
import { AuthErrors } from '../../auth/sigv4/errors.js';
import { getSigningKey, SIGV4_ALGORITHM } from '../../auth/sigv4/index.js';
import { parseCredential } from '../../auth/sigv4/parseCredential.js';
import { safeEqual } from '../../auth/sigv4/safeEqual.js';
import { ServiceError } from '../../core/errors.js';
import type { BodyResult } from './body.js';
import { CHECKSUM_ALGORITHMS, checksumHeader, createChecksummer, DIGEST_LENGTH, parseChecksumAlgorithm, type ChecksumAlgorithm } from './checksums.js';
import { S3Errors } from './errors.js';
import { FormReader, formBoundary, formKey, type FormFields } from './postForm.js';
import { checkPostPolicy, parsePostPolicy, type LengthRange } from './postPolicy.js';
import { sendContinue } from '../../server/continue.js';

export interface PostForm {
  fields: FormFields;
  /** The policy's content-length-range, enforced as the file streams. */
  range: LengthRange | undefined;
  file: FormFileBody;
}

export const missingField = (name: string) =>
  new ServiceError('InvalidArgument', `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`, 400, {
    extra: { ArgumentName: name, ArgumentValue: '' },
  });

export const notMultipart = () =>
  new ServiceError('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412, {
    extra: { Condition: 'Bucket POST must be of the enclosure-type multipart/form-data' },
  });

/** Reads the form's fields and authenticates them; the file is left to stream (`form.file`). */
export async function authenticatePost(
  credentials: Credentials,
  req: IncomingMessage,
  bucket: string,
  contentType: string | undefined,
  now: number,
): Promise<{ caller: Caller; region: string | undefined; form: PostForm }> {
  const boundary = formBoundary(contentType);
  if (boundary === undefined) throw notMultipart();
  // The credentials are in the body: it is asked for at once (Expect: 100-continue).
  sendContinue(req);
  const reader = new FormReader(req, boundary);
  const fields = await reader.fields();
  const v = fields.values;
  const form = (range: LengthRange | undefined): PostForm => ({ fields, range, file: new FormFileBody(reader.file(), range, fields.values) });
  const policy = v.get('policy');
  if (policy === undefined && v.get('x-amz-signature') === undefined && v.get('x-amz-credential') === undefined && v.get('awsaccesskeyid') === undefined) {
    return { caller: anonymousCaller(), region: undefined, form: form(undefined) };
  }
  const signed = v.has('awsaccesskeyid') && !v.has('x-amz-algorithm') ? await verifyV2(credentials, v) : await verifyV4(credentials, v);
  // The policy sees the bucket (from the URL) and the key with ${filename} expanded.
  const checked = new Map(v);
  checked.set('bucket', bucket);
  const key = formKey(fields);
  if (key !== undefined) checked.set('key', key);
  const range = checkPostPolicy(parsePostPolicy(v.get('policy')!), checked, now, signed.uncovered);
  return { caller: signed.caller, region: signed.region, form: form(range) };
}

interface SignedForm {
  caller: Caller;
  region: string | undefined;
  /** The signature's own fields, which no policy condition needs to cover. */
  uncovered: readonly string[];
}

async function resolveKey(credentials: Credentials, accessKeyId: string, token: string | undefined) {
  try {
    return await credentials.resolve(accessKeyId, token);
  } catch (e) {
    throw e instanceof ServiceError ? forDialect(e, 's3') : e;
  }
}

async function verifyV4(credentials: Credentials, v: Map<string, string>): Promise<SignedForm> {
  for (const name of ['policy', 'x-amz-algorithm', 'x-amz-credential', 'x-amz-date', 'x-amz-signature']) if (v.get(name) === undefined) throw missingField(name);
  if (v.get('x-amz-algorithm') !== SIGV4_ALGORITHM) {
    throw new ServiceError('InvalidArgument', 'Only AWS4-HMAC-SHA256 is supported for x-amz-algorithm.', 400, { extra: { ArgumentName: 'x-amz-algorithm', ArgumentValue: v.get('x-amz-algorithm')! } });
  }
  const scope = parseCredential(v.get('x-amz-credential')!, 's3', 'query');
  if (scope.service !== 's3') throw AuthErrors.authorizationQueryParametersError(`incorrect service "${scope.service}". This endpoint belongs to "s3".`);
  const resolved = await resolveKey(credentials, scope.accessKeyId, v.get('x-amz-security-token'));
  const key = getSigningKey(resolved.secret, scope.date, scope.region, scope.service);
  const expected = createHmac('sha256', key).update(v.get('policy')!, 'utf8').digest('hex');
  if (!safeEqual(expected, v.get('x-amz-signature')!)) throw AuthErrors.signatureDoesNotMatch('s3');
  return { caller: resolved.caller, region: scope.region, uncovered: ['x-amz-signature'] };
}

/** Signature Version 2: base64 HMAC-SHA1 of the base64 policy under the secret; no scope, so no region. */
async function verifyV2(credentials: Credentials, v: Map<string, string>): Promise<SignedForm> {
  for (const name of ['policy', 'signature']) if (v.get(name) === undefined) throw missingField(name);
  const resolved = await resolveKey(credentials, v.get('awsaccesskeyid')!, v.get('x-amz-security-token'));
  if (!safeEqual(computeSignatureV2(resolved.secret, v.get('policy')!), v.get('signature')!)) throw AuthErrors.signatureDoesNotMatch('s3');
  return { caller: resolved.caller, region: undefined, uncovered: ['awsaccesskeyid', 'signature'] };
}

/**
 * The file part as a request body (what storeBody reads): its MD5, and the policy's length range enforced. A
 * Content-MD5 or x-amz-checksum-* field is checked against the file as PutObject's header is (BadDigest), and
 * an x-amz-checksum-* or x-amz-checksum-algorithm field gives the object its checksum.
 */
export class FormFileBody {
  private started = false;
  result: BodyResult | undefined;

  constructor(
    private readonly source: AsyncGenerator<Buffer>,
    private readonly range: LengthRange | undefined,
    private readonly fields: Map<string, string> = new Map(),
  ) {}

  get touched(): boolean {
    return this.started;
  }

  declaredLength(): number | undefined {
    return undefined;
  }

  /** The integrity fields, validated as their headers are: Content-MD5, then one flexible checksum. */
  private integrity(): { md5?: Buffer; algorithm?: ChecksumAlgorithm; expected?: string } {
    const out: { md5?: Buffer; algorithm?: ChecksumAlgorithm; expected?: string } = {};
    const contentMd5 = this.fields.get('content-md5');
    if (contentMd5 !== undefined) {
      out.md5 = Buffer.from(contentMd5, 'base64');
      if (out.md5.length !== 16) throw S3Errors.invalidDigest();
    }
    for (const algorithm of CHECKSUM_ALGORITHMS) {
      const expected = this.fields.get(checksumHeader(algorithm));
      if (expected === undefined) continue;
      const raw = Buffer.from(expected, 'base64');
      if (raw.length !== DIGEST_LENGTH[algorithm] || raw.toString('base64') !== expected) throw S3Errors.invalidChecksum(algorithm);
      return { ...out, algorithm, expected };
    }
    // As PutObject's x-amz-checksum-algorithm header: the object gets that checksum.
    const algorithm = parseChecksumAlgorithm(this.fields.get('x-amz-checksum-algorithm'));
    return algorithm ? { ...out, algorithm } : out;
  }

  async *chunks(): AsyncGenerator<Buffer> {
    if (this.started) throw new Error('form file read twice');
    this.started = true;
    const want = this.integrity();
    const summer = want.algorithm ? createChecksummer(want.algorithm) : undefined;
    const md5: Hash = createHash('md5');
    let size = 0;
    for await (const c of this.source) {
      size += c.length;
      if (this.range && size > this.range.max) throw tooLarge(size, this.range.max);
      md5.update(c);
      summer?.update(c);
      yield c;
    }
    if (this.range && size < this.range.min) throw tooSmall(size, this.range.min);
    const digest = md5.digest();
    if (want.md5 && !digest.equals(want.md5)) throw S3Errors.badContentMd5();
    let checksum: BodyResult['checksum'];
    if (summer) {
      const value = summer.digest().toString('base64');
      if (want.expected !== undefined && want.expected !== value) throw S3Errors.badDigest(summer.algorithm.toLowerCase());
      checksum = { algorithm: summer.algorithm, value };
    }
    this.result = { size, md5: digest, ...(checksum ? { checksum } : {}) };
  }
}

const tooLarge = (size: number, max: number) =>
  new ServiceError('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size', 400, { extra: { ProposedSize: String(size), MaxSizeAllowed: String(max) } });
const tooSmall = (size: number, min: number) =>
  new ServiceError('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size', 400, { extra: { ProposedSize: String(size), MinSizeAllowed: String(min) } });
