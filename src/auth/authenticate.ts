/**
 * Authentication: the signature a request carries becomes a Caller. SigV4 (header or presigned query) for
 * every service, SigV2 for S3 only; unsigned requests are anonymous for S3 and refused for IAM/STS.
 */
import { Errors, ServiceError } from '../core/errors.js';
import { anonymousCaller, type Caller } from './caller.js';
import type { Credentials } from './credentials.js';
import {
  detectAuthType,
  parseAuthorizationHeader,
  parsePresignedQuery,
  repeatedHeader,
  verifySignature,
  type ParsedSignature,
  type SignedRequest,
  type SigningDialect,
} from './sigv4/index.js';
import { parseAuthorizationHeaderV2, parsePresignedQueryV2, verifySignatureV2 } from './sigv2/index.js';

export interface Authenticated {
  caller: Caller;
  /** How the request was signed (for s3:authType, s3:signatureversion and aws-chunked decoding). */
  method: 'sigv4-header' | 'sigv4-query' | 'sigv2-header' | 'sigv2-query' | 'anonymous';
  sigv4?: { parsed: ParsedSignature; signingKey: Buffer; scope: string };
}

export interface AuthenticateOptions {
  dialect: SigningDialect;
  /** The server's time (a test clock may move it): presigned URL expiry. */
  now: number;
  /** The host's real time: the request time's 15-minute skew (a moved test clock leaves signatures valid). */
  realNow: number;
  /** S3 virtual-hosted requests: the bucket named by the Host header (SigV2's canonical resource). */
  virtualHostBucket?: string | undefined;
}

/** Maps an IAM/STS credential failure to S3's codes where S3 names them differently. */
export function forDialect(err: ServiceError, dialect: SigningDialect): ServiceError {
  if (dialect !== 's3') return err;
  if (err.code === 'InvalidClientTokenId') {
    return new ServiceError('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', 403);
  }
  if (err.code === 'ExpiredToken') return new ServiceError('ExpiredToken', 'The provided token has expired.', 400);
  return err;
}

/** Headers that carry authentication: each may appear once, or which one counts would be ambiguous. */
const SINGLE = ['authorization', 'x-amz-date', 'x-amz-security-token', 'x-amz-content-sha256'] as const;

function refuseRepeatedHeaders(req: SignedRequest, dialect: SigningDialect) {
  const k = repeatedHeader(req.headers, SINGLE);
  if (k === undefined) return;
  const message = `The ${k === 'authorization' ? 'Authorization' : k} header may appear only once.`;
  throw dialect === 's3' ? new ServiceError('InvalidArgument', message, 400, { extra: { ArgumentName: k, ArgumentValue: '' } }) : Errors.incompleteSignature(message);
}

/** S3 takes only signatures scoped to s3: a signature made for IAM, STS or EC2 is not valid here. */
function requireS3Scope(parsed: ParsedSignature) {
  if (parsed.service === 's3') return;
  const why = `incorrect service "${parsed.service}". This endpoint belongs to "s3".`;
  throw parsed.kind === 'header'
    ? new ServiceError('AuthorizationHeaderMalformed', `The authorization header is malformed; ${why}`, 400)
    : new ServiceError('AuthorizationQueryParametersError', `Error parsing the X-Amz-Credential parameter; ${why}`, 400);
}

export async function authenticate(
  credentials: Credentials,
  req: SignedRequest,
  opts: AuthenticateOptions,
): Promise<Authenticated> {
  refuseRepeatedHeaders(req, opts.dialect);
  const type = detectAuthType(req);
  if (type === 'anonymous') {
    if (opts.dialect === 's3') return { caller: anonymousCaller(), method: 'anonymous' };
    throw Errors.missingAuthenticationToken();
  }
  if (type === 'sigv2-header' || type === 'sigv2-query') {
    if (opts.dialect !== 's3') throw Errors.incompleteSignature('Unsupported AWS \'algorithm\'');
    const parsed = type === 'sigv2-header' ? parseAuthorizationHeaderV2(req) : parsePresignedQueryV2(req);
    let resolved;
    try {
      resolved = await credentials.resolve(parsed.accessKeyId, parsed.securityToken);
    } catch (e) {
      throw e instanceof ServiceError ? forDialect(e, 's3') : e;
    }
    const r = verifySignatureV2(req, parsed, resolved.secret, new Date(opts.now), { virtualHostBucket: opts.virtualHostBucket, realNowMs: opts.realNow });
    if (!r.ok) throw r.error;
    return { caller: resolved.caller, method: type };
  }
  if (type === 'unknown-header') {
    throw opts.dialect === 's3'
      ? new ServiceError('InvalidArgument', 'Unsupported Authorization Type', 400)
      : Errors.incompleteSignature("Unsupported AWS 'algorithm'");
  }
  const parsed = type === 'sigv4-header' ? parseAuthorizationHeader(req, { dialect: opts.dialect }) : parsePresignedQuery(req, { dialect: opts.dialect });
  if (opts.dialect === 's3') requireS3Scope(parsed);
  let resolved;
  try {
    resolved = await credentials.resolve(parsed.accessKeyId, parsed.securityToken);
  } catch (e) {
    throw e instanceof ServiceError ? forDialect(e, opts.dialect) : e;
  }
  const v = verifySignature(req, parsed, resolved.secret, new Date(opts.now), { dialect: opts.dialect, realNowMs: opts.realNow });
  if (!v.ok) throw v.error;
  return { caller: resolved.caller, method: type, sigv4: { parsed, signingKey: v.signingKey, scope: v.scope } };
}
