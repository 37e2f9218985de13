import { getHeader } from '../sigv4/getHeader.js';
import { parseQuery } from '../sigv4/parseQuery.js';
import { getCanonicalizedAmzHeaders } from './getCanonicalizedAmzHeaders.js';
import { getCanonicalizedResource } from './getCanonicalizedResource.js';
import type { SignedRequest, StringToSignV2Options } from './types.js';

/**
 * S3 SigV2 string to sign:
 * Method \n Content-MD5 \n Content-Type \n (Date | Expires) \n CanonicalizedAmzHeaders CanonicalizedResource
 *
 * Header form: the Date line is empty when x-amz-date is sent (it is then signed among the amz headers).
 * Query form: the Date line is the Expires value; x-amz-* query parameters (and content-type / content-md5,
 * when no such header is sent) are taken as the headers the signer moved into the URL.
 */
export function getStringToSignV2(req: SignedRequest, opts: StringToSignV2Options = {}): string {
  const presigned = opts.expires !== undefined;
  let headers = req.headers;
  let contentMd5 = getHeader(headers, 'content-md5');
  let contentType = getHeader(headers, 'content-type');
  if (presigned) {
    const q = parseQuery(req.rawQuery);
    const present = new Set(headers.map(([n]) => n.toLowerCase()));
    const extra: [string, string][] = [];
    for (const [n, v] of q) {
      const lower = n.toLowerCase();
      if (lower.startsWith('x-amz-') && !present.has(lower)) extra.push([lower, v]);
      if (lower === 'content-type' && contentType === undefined) contentType = v;
      if (lower === 'content-md5' && contentMd5 === undefined) contentMd5 = v;
    }
    headers = [...headers, ...extra];
  }
  const dateLine = presigned ? opts.expires! : getHeader(headers, 'x-amz-date') !== undefined ? '' : (getHeader(headers, 'date') ?? '');
  return (
    `${req.method.toUpperCase()}\n${(contentMd5 ?? '').trim()}\n${(contentType ?? '').trim()}\n${dateLine.trim()}\n` +
    getCanonicalizedAmzHeaders(headers) +
    getCanonicalizedResource(req.rawPath, req.rawQuery, opts.virtualHostBucket)
  );
}
