import { sha256Hex } from './sha256Hex.js';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';

/** The credential scope: yyyymmdd/region/service/aws4_request. */
export const getCredentialScope = (date: string, region: string, service: string): string =>
  `${date}/${region}/${service}/aws4_request`;

/** AWS4-HMAC-SHA256 \n amzDate \n scope \n hex(sha256(canonicalRequest)) */
export function getStringToSign(amzDate: string, scope: string, canonicalRequest: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}
