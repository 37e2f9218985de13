import { Errors } from '../../core/errors.js';
import { parseHttpDate } from '../sigv4/amzDate.js';
import { AuthErrors } from '../sigv4/errors.js';
import { getHeader } from '../sigv4/getHeader.js';
import type { ParsedSignatureV2, SignedRequest } from './types.js';

/** Parses `Authorization: AWS AKID:signature` and the request time (x-amz-date, else Date). */
export function parseAuthorizationHeaderV2(req: SignedRequest): ParsedSignatureV2 {
  const header = getHeader(req.headers, 'authorization');
  if (header === undefined) throw Errors.missingAuthenticationToken();
  const m = /^AWS ([^:\s]+):(\S+)$/.exec(header.trim());
  if (!m) {
    throw AuthErrors.invalidArgument('Authorization header is invalid -- one and only one \' \' (space) required', 'Authorization', header);
  }
  const dateValue = getHeader(req.headers, 'x-amz-date') ?? getHeader(req.headers, 'date');
  const requestTime = dateValue === undefined ? undefined : parseHttpDate(dateValue.trim());
  if (requestTime === undefined) throw AuthErrors.accessDenied('AWS authentication requires a valid Date or x-amz-date header');
  const token = getHeader(req.headers, 'x-amz-security-token');
  return {
    kind: 'header',
    accessKeyId: m[1]!,
    signature: m[2]!,
    requestTime,
    ...(token !== undefined ? { securityToken: token.trim() } : {}),
  };
}
