// Date operators: W3C ISO 8601 dates (e.g. 2020-01-01T00:00:01Z, 2020-01-01) or epoch seconds.
import { NumericMatcher, type NumericOp } from './numeric.js';

const EPOCH = /^[+-]?\d+(\.\d+)?$/;
const ISO = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?)?)?$/;

/** Milliseconds since the epoch, or NaN. */
export function parseDate(s: string): number {
  const t = s.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  if (!ISO.test(t)) return NaN;
  // A date-time without a zone is read as UTC, like a date alone.
  const withZone = t.length > 10 && !/(Z|[+-]\d{2}:\d{2})$/.test(t) ? t + 'Z' : t;
  return Date.parse(withZone);
}

export const date = (op: NumericOp) => (values: readonly string[]) => new NumericMatcher(values, op, parseDate);
