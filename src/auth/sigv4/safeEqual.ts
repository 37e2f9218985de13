import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string comparison. Strings of different lengths compare unequal; the comparison still runs
 * over a buffer of the expected length so the time does not depend on where they differ.
 */
export function safeEqual(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}
