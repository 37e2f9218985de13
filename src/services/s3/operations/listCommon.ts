import { S3Errors } from '../errors.js';
import { urlEncodeKey } from '../listing.js';

export function parseMaxKeys(v: string | null): number {
  if (v === null || v === '') return 1000;
  if (!/^\d+$/.test(v)) throw S3Errors.invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', v);
  return Math.min(1000, Number(v));
}

export function parseEncodingType(v: string | null): 'url' | undefined {
  if (v === null) return undefined;
  if (v.toLowerCase() !== 'url') throw S3Errors.invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', v);
  return 'url';
}

export const encoder = (encoding: 'url' | undefined) => (s: string) => (encoding === 'url' ? urlEncodeKey(s) : s);

/** The S3 condition keys a listing is authorized with. */
export function listContext(prefix: string, delimiter: string, maxKeys: number) {
  return { 's3:prefix': prefix, 's3:delimiter': delimiter, 's3:max-keys': String(maxKeys) } as Record<string, string>;
}
