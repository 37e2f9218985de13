// A JSON reader that keeps where each value is: every node carries its span (line from 1, column from 0,
// offset from 0, as IAM Access Analyzer's findings give them; columns and offsets count UTF-16 code units
// as the document's JavaScript string does). Policy checks (Access Analyzer's ValidatePolicy) point into the
// document with it. The values are those JSON.parse gives; a syntax error names its position.

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Span {
  start: Position;
  end: Position;
}

export type LocatedNode =
  | { kind: 'object'; span: Span; entries: { key: string; keySpan: Span; value: LocatedNode }[] }
  | { kind: 'array'; span: Span; items: LocatedNode[] }
  | { kind: 'string'; span: Span; value: string }
  | { kind: 'number'; span: Span; value: number }
  | { kind: 'boolean'; span: Span; value: boolean }
  | { kind: 'null'; span: Span };

export class JsonSyntaxError extends Error {
  constructor(message: string, readonly at: Position) {
    super(message);
  }
}

/** Bounds on nesting: a document is read before anything else limits it. */
const MAX_DEPTH = 128;

class Reader {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  constructor(private readonly s: string) {}

  pos(): Position {
    return { line: this.line, column: this.i - this.lineStart, offset: this.i };
  }

  private fail(what: string): never {
    throw new JsonSyntaxError(what, this.pos());
  }

  private ws() {
    const s = this.s;
    for (;;) {
      const c = s.charCodeAt(this.i);
      if (c === 10) {
        this.i++;
        this.line++;
        this.lineStart = this.i;
      } else if (c === 32 || c === 9 || c === 13) this.i++;
      else return;
    }
  }

  document(): LocatedNode {
    this.ws();
    const v = this.value(0);
    this.ws();
    if (this.i < this.s.length) this.fail('Unexpected content after the document');
    return v;
  }

  private value(depth: number): LocatedNode {
    if (depth > MAX_DEPTH) this.fail('The document nests too deeply');
    const start = this.pos();
    const c = this.s[this.i];
    if (c === '{') return this.object(start, depth);
    if (c === '[') return this.array(start, depth);
    if (c === '"') {
      const value = this.string();
      return { kind: 'string', value, span: { start, end: this.pos() } };
    }
    for (const [word, node] of [['true', { kind: 'boolean', value: true }], ['false', { kind: 'boolean', value: false }], ['null', { kind: 'null' }]] as const) {
      if (this.s.startsWith(word, this.i)) {
        this.i += word.length;
        return { ...node, span: { start, end: this.pos() } } as LocatedNode;
      }
    }
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.i;
    const num = m.exec(this.s);
    if (num && num[0].length > 0) {
      this.i += num[0].length;
      return { kind: 'number', value: Number(num[0]), span: { start, end: this.pos() } };
    }
    return this.fail(this.i >= this.s.length ? 'Unexpected end of the document' : `Unexpected character '${c}'`);
  }

  private string(): string {
    this.i++; // "
    let out = '';
    const s = this.s;
    for (;;) {
      if (this.i >= s.length) this.fail('Unterminated string');
      const c = s[this.i]!;
      const code = c.charCodeAt(0);
      if (c === '"') {
        this.i++;
        return out;
      }
      if (code < 0x20) this.fail('Control character in a string');
      if (c === '\\') {
        const e = s[this.i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && Object.hasOwn(simple, e)) {
          out += simple[e];
          this.i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(s.slice(this.i + 2, this.i + 6))) {
          out += String.fromCharCode(parseInt(s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else this.fail('Bad escape in a string');
      } else {
        out += c;
        this.i++;
      }
    }
  }

  private object(start: Position, depth: number): LocatedNode {
    this.i++;
    const entries: { key: string; keySpan: Span; value: LocatedNode }[] = [];
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return { kind: 'object', entries, span: { start, end: this.pos() } };
    }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('Expected a field name');
      const ks = this.pos();
      const key = this.string();
      const keySpan = { start: ks, end: this.pos() };
      this.ws();
      if (this.s[this.i] !== ':') this.fail("Expected ':'");
      this.i++;
      this.ws();
      entries.push({ key, keySpan, value: this.value(depth + 1) });
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === '}') return { kind: 'object', entries, span: { start, end: this.pos() } };
      if (c !== ',') {
        this.i--;
        this.fail("Expected ',' or '}'");
      }
    }
  }

  private array(start: Position, depth: number): LocatedNode {
    this.i++;
    const items: LocatedNode[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return { kind: 'array', items, span: { start, end: this.pos() } };
    }
    for (;;) {
      this.ws();
      items.push(this.value(depth + 1));
      this.ws();
      const c = this.s[this.i];
      this.i++;
      if (c === ']') return { kind: 'array', items, span: { start, end: this.pos() } };
      if (c !== ',') {
        this.i--;
        this.fail("Expected ',' or ']'");
      }
    }
  }
}

/** The document as located nodes; throws JsonSyntaxError (with its position) if it is not JSON. */
export function parseLocated(text: string): LocatedNode {
  return new Reader(text).document();
}

/** The plain value of a node (what JSON.parse gives; a repeated key: the last one wins, as in JSON.parse). */
export function plainValue(n: LocatedNode): unknown {
  switch (n.kind) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const e of n.entries) Object.defineProperty(o, e.key, { value: plainValue(e.value), enumerable: true, configurable: true, writable: true });
      return o;
    }
    case 'array':
      return n.items.map(plainValue);
    case 'null':
      return null;
    default:
      return n.value;
  }
}

/** The entry of an object node by key (the last one, as JSON.parse keeps). */
export function field(n: LocatedNode | undefined, key: string): { key: string; keySpan: Span; value: LocatedNode } | undefined {
  if (n?.kind !== 'object') return undefined;
  for (let i = n.entries.length - 1; i >= 0; i--) if (n.entries[i]!.key === key) return n.entries[i];
  return undefined;
}
