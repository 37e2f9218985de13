/** RFC 3986 unreserved characters: A-Z a-z 0-9 - . _ ~ */
const isUnreserved = (b: number): boolean =>
  (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || (b >= 0x30 && b <= 0x39) ||
  b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;

const HEX = '0123456789ABCDEF';

/**
 * URI-encodes as SigV4 requires: every byte except the unreserved characters becomes %XX (upper-case hex);
 * space is %20, '~' stays. '/' stays only when `keepSlash`.
 */
export function uriEncode(input: string | Uint8Array, keepSlash = false): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '';
  for (const b of bytes) {
    if (isUnreserved(b) || (keepSlash && b === 0x2f)) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}
