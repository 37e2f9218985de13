// BinaryEquals: byte-for-byte comparison of base64-encoded values.
import type { ValueMatcher } from './types.js';

function decode(s: string): string | null {
  const t = s.trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 === 1) return null;
  return Buffer.from(t, 'base64').toString('hex');
}

export class BinaryMatcher implements ValueMatcher {
  private readonly bytes: (string | null)[];
  constructor(values: readonly string[]) {
    this.bytes = values.map(decode);
  }
  matchesAny(requestValue: string): boolean {
    const x = decode(requestValue);
    if (x === null) return false;
    for (const b of this.bytes) if (b !== null && b === x) return true;
    return false;
  }
}

export const binaryEquals = (values: readonly string[]) => new BinaryMatcher(values);
