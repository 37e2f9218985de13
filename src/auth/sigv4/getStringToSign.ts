import { sha256Hex } from './sha256Hex.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The credential scope: yyyymmdd/region/service/aws4_request. */
export const getCredentialScope = (date: string, region: string, service: string): string =>
  `${date}/${region}/${service}/aws4_request`;

/**
 * The bytes of a canonical request as the signer hashed them. Its method, URI and query are ASCII (encoded);
 * header values are what came over the wire, one character per byte (Node reads header bytes as latin1): a
 * client that sent the UTF-8 of `é` signed those two bytes, one that sent the byte 0xE9 signed that byte. So
 * a canonical request whose characters all fit in a byte is hashed as those bytes; one with wider characters
 * (never from the wire) as UTF-8.
 */
export const canonicalRequestBytes = (canonicalRequest: string): string | Buffer =>
  /[^\x00-\x7f]/.test(canonicalRequest) && !/[^\x00-\xff]/.test(canonicalRequest) ? Buffer.from(canonicalRequest, 'latin1') : canonicalRequest;

/** AWS4-HMAC-SHA256 \n amzDate \n scope \n hex(sha256(canonicalRequest)) */
export function getStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequestBytes(canonicalRequest))}`;
}
