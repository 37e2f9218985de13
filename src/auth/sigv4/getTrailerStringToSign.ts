import { sha256Hex } from './sha256Hex.js';

/** The canonical trailer block: `name:value\n` per trailer (lower-case names, sorted, values trimmed). */
export function getCanonicalTrailers(trailers: ReadonlyMap<string, string>): string {
  return [...trailers.entries()]
    .map(([n, v]) => [n.toLowerCase(), v.trim()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([n, v]) => `${n}:${v}\n`)
    .join('');
}

/**
 * String to sign of the trailer chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER):
 * AWS4-HMAC-SHA256-TRAILER \n amzDate \n scope \n previousSignature \n sha256(canonicalTrailers)
 */
export function getTrailerStringToSign(amzDate: string, scope: string, previousSignature: string, canonicalTrailers: string): string {
  return `AWS4-HMAC-SHA256-TRAILER\n${amzDate}\n${scope}\n${previousSignature}\n${sha256Hex(canonicalTrailers)}`;
}
