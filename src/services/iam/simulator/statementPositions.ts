/**
 * Where each statement of a policy document sits in its text, for the simulator's MatchedStatements.
 * Lines and columns are 1-based. StartPosition is the position just after the token before the statement
 * (the `[` of the Statement array, the `,` after the previous statement, or the `:` of a lone statement
 * object); EndPosition is the position just after the statement's closing `}`. That is what AWS's
 * `simulate-principal-policy` example shows: a statement pretty-printed on lines 4-9 under
 * `    "Statement": [` is reported from {Line 3, Column 19} to {Line 9, Column 10}.
 * A small scanner over already-valid JSON: it tracks positions only, it never builds values.
 */
export interface Position {
  Line: number;
  Column: number;
}
export interface Span {
  StartPosition: Position;
  EndPosition: Position;
}

class Scanner {
  i = 0;
  private lineStarts: number[] = [0];
  constructor(private readonly s: string) {
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) === 10) this.lineStarts.push(k + 1);
  }
  pos(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { Line: lo + 1, Column: offset - this.lineStarts[lo]! + 1 };
  }
  ws() {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }
  string(): string {
    const start = ++this.i;
    while (this.i < this.s.length && this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    return JSON.parse(this.s.slice(start - 1, ++this.i)) as string;
  }
  /** Skips one value; returns its [start, end] offsets (end inclusive). */
  value(): [number, number] {
    this.ws();
    const start = this.i;
    const c = this.s[this.i];
    if (c === '"') this.string();
    else if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      this.i++;
      for (;;) {
        this.ws();
        if (this.s[this.i] === close) break;
        if (c === '{') {
          this.string();
          this.ws();
          this.i++; // ':'
        }
        this.value();
        this.ws();
        if (this.s[this.i] === ',') this.i++;
        else if (this.s[this.i] !== close) throw new Error('unexpected character');
      }
      this.i++;
    } else {
      while (this.i < this.s.length && !/[\s,\]}]/.test(this.s[this.i]!)) this.i++;
    }
    return [start, this.i - 1];
  }
}

/** The spans of the statements, in document order; [] when the text has no Statement. */
export function statementPositions(text: string): Span[] {
  const sc = new Scanner(text);
  // `from`: the offset just after the token before the statement; `b`: the statement's closing `}`.
  const span = (from: number, [, b]: [number, number]): Span => ({ StartPosition: sc.pos(from), EndPosition: sc.pos(b + 1) });
  try {
    sc.ws();
    if (text[sc.i] !== '{') return [];
    sc.i++;
    for (;;) {
      sc.ws();
      if (text[sc.i] === '}') return [];
      const key = sc.string();
      sc.ws();
      sc.i++; // ':'
      let from = sc.i;
      sc.ws();
      if (key === 'Statement') {
        if (text[sc.i] !== '[') return [span(from, sc.value())];
        const out: Span[] = [];
        from = ++sc.i;
        for (;;) {
          sc.ws();
          if (text[sc.i] === ']') return out;
          out.push(span(from, sc.value()));
          sc.ws();
          if (text[sc.i] === ',') from = ++sc.i;
        }
      }
      sc.value();
      sc.ws();
      if (text[sc.i] === ',') sc.i++;
    }
  } catch {
    return [];
  }
}
