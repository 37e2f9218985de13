import { getCanonicalHeaders } from './getCanonicalHeaders.js';
import { getCanonicalQuery } from './getCanonicalQuery.js';
import { getCanonicalUri } from './getCanonicalUri.js';
import type { CanonicalRequestOptions, SignedRequest } from './types.js';

/**
 * The SigV4 canonical request:
 * Method \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n PayloadHash
 */
export function getCanonicalRequest(
  req: SignedRequest,
  signedHeaders: readonly string[],
  opts: CanonicalRequestOptions,
): string {
  const exclude = new Set<string>();
  if (opts.presigned) exclude.add('X-Amz-Signature');
  if (opts.omitSessionToken) exclude.add('X-Amz-Security-Token');
  const names = signedHeaders.map((h) => h.toLowerCase()).sort();
  return [
    req.method.toUpperCase(),
    getCanonicalUri(req.rawPath, opts.normalizePath, opts.doubleEncode ?? opts.normalizePath),
    getCanonicalQuery(req.rawQuery, exclude),
    getCanonicalHeaders(req.headers, names),
    names.join(';'),
    req.payloadHash,
  ].join('\n');
}
