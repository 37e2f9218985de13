import { AuthErrors } from '../sigv4/errors.js';
import { getQueryParam, parseQuery } from '../sigv4/parseQuery.js';
import type { ParsedSignatureV2, SignedRequest } from './types.js';

/** Parses the SigV2 query form: AWSAccessKeyId, Expires (epoch seconds), Signature [, x-amz-security-token]. */
export function parsePresignedQueryV2(req: SignedRequest): ParsedSignatureV2 {
  const q = parseQuery(req.rawQuery);
  const accessKeyId = getQueryParam(q, 'AWSAccessKeyId');
  const expiresRaw = getQueryParam(q, 'Expires');
  const signature = getQueryParam(q, 'Signature');
  if (accessKeyId === undefined || expiresRaw === undefined || signature === undefined || accessKeyId === '') {
    throw AuthErrors.accessDenied('Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters');
  }
  if (!/^\d{1,12}$/.test(expiresRaw)) throw AuthErrors.accessDenied('Invalid date (should be seconds since epoch): ' + expiresRaw);
  const token = q.find(([n]) => n.toLowerCase() === 'x-amz-security-token')?.[1];
  return {
    kind: 'query',
    accessKeyId,
    signature,
    expires: Number(expiresRaw),
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}
