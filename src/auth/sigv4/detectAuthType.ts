import { AuthErrors } from './errors.js';
import { getHeader } from './getHeader.js';
import { parseQuery } from './parseQuery.js';
import type { SignedRequest } from './types.js';

export type AuthType = 'sigv4-header' | 'sigv4-query' | 'sigv2-header' | 'sigv2-query' | 'anonymous' | 'unknown-header';

/**
 * Which authentication a request carries. More than one mechanism at once is refused as S3 refuses it.
 * 'unknown-header': an Authorization header of no known scheme (the parser for the dialect reports it).
 */
export function detectAuthType(req: SignedRequest): AuthType {
  const auth = getHeader(req.headers, 'authorization');
  const q = parseQuery(req.rawQuery);
  const has = (n: string) => q.some(([k]) => k === n);
  const v4q = has('X-Amz-Algorithm') || has('X-Amz-Credential') || has('X-Amz-Signature');
  const v2q = has('AWSAccessKeyId') || has('Signature');
  const found = [auth !== undefined, v4q, v2q].filter(Boolean).length;
  if (found > 1) {
    throw AuthErrors.invalidArgument(
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      'Authorization',
      auth ?? '',
    );
  }
  if (auth !== undefined) {
    const a = auth.trim();
    if (a.startsWith('AWS4-HMAC-SHA256 ') || a === 'AWS4-HMAC-SHA256') return 'sigv4-header';
    if (a.startsWith('AWS ')) return 'sigv2-header';
    return 'unknown-header';
  }
  if (v4q) return 'sigv4-query';
  if (v2q) return 'sigv2-query';
  return 'anonymous';
}
