import { percentDecode } from './percentDecode.js';
import { uriEncode } from './uriEncode.js';

/** A segment of only unreserved characters is its own encoding (and has nothing to decode): most keys. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-._~]*$/;

/**
 * The canonical URI of SigV4.
 *
 * - S3 (`normalize` false, `doubleEncode` false): the path is neither normalised nor double-encoded; each
 *   segment is decoded and re-encoded once, so the result is the RFC 3986 form of the object key whatever
 *   equivalent spelling the client put on the wire.
 * - Every other service: empty, '.' and '..' segments are resolved, and each segment of the path as received
 *   (already encoded once on the wire) is encoded again.
 */
export function getCanonicalUri(rawPath: string, normalize: boolean, doubleEncode = normalize): string {
  if (rawPath === '/' || rawPath === '') return '/'; // every IAM and STS request
  let path = rawPath === '' ? '/' : rawPath;
  if (!path.startsWith('/')) path = '/' + path;
  let segments = path.split('/').slice(1);
  if (normalize) {
    const trailingSlash = path.length > 1 && path.endsWith('/');
    const stack: string[] = [];
    for (const seg of segments) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') stack.pop();
      else stack.push(seg);
    }
    segments = stack;
    if (trailingSlash && stack.length > 0) segments.push('');
  }
  const encoded = segments.map((seg) => (UNRESERVED_ONLY.test(seg) ? seg : doubleEncode ? uriEncode(seg) : uriEncode(percentDecode(seg))));
  return '/' + encoded.join('/');
}
