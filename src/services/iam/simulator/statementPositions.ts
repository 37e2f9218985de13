/**
 * Where each statement of a policy document sits in its text, for the simulator's MatchedStatements
 * (StartPosition / EndPosition: 1-based line and column of the statement's opening `{` and closing `}`).
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
  const span = ([a, b]: [number, number]): Span => ({ StartPosition: sc.pos(a), EndPosition: sc.pos(b) });
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
      sc.ws();
      if (key === 'Statement') {
        if (text[sc.i] !== '[') return [span(sc.value())];
        const out: Span[] = [];
        sc.i++;
        for (;;) {
          sc.ws();
          if (text[sc.i] === ']') return out;
          out.push(span(sc.value()));
          sc.ws();
          if (text[sc.i] === ',') sc.i++;
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
