// Numeric operators: integer or decimal comparison. An unparsable value never matches.
import type { ValueMatcher } from './types.js';

export type NumericOp = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

export function parseNumber(s: string): number {
  const t = s.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return NaN;
  return Number(t);
}

export function compare(op: NumericOp, a: number, b: number): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
  }
}

export class NumericMatcher implements ValueMatcher {
  private readonly nums: number[];
  constructor(
    values: readonly string[],
    private readonly op: NumericOp,
    private readonly parse: (s: string) => number = parseNumber,
  ) {
    this.nums = values.map((v) => this.parse(v));
  }
  matchesAny(requestValue: string): boolean {
    const x = this.parse(requestValue);
    if (Number.isNaN(x)) return false;
    for (const n of this.nums) if (!Number.isNaN(n) && compare(this.op, x, n)) return true;
    return false;
  }
}

export const numeric = (op: NumericOp) => (values: readonly string[]) => new NumericMatcher(values, op);
