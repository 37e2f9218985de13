// Wildcard patterns as IAM uses them: `*` (any run of characters) and `?` (one character).
// Patterns are compiled once into tokens; matching is iterative (no RegExp is ever built from
// policy text). A token may be "segment-bound": then it never consumes ':' (used for the first
// five colon-separated parts of ARN patterns).

export const LIT = 0;
export const STAR = 1;
export const QMARK = 2;
export const STAR_SEG = 3;
export const QMARK_SEG = 4;

export const ANY = 0;
export const EXACT = 1;
export const PREFIX = 2;
export const SUFFIX = 3;
export const GENERAL = 4;

export interface Glob {
  readonly kind: 0 | 1 | 2 | 3 | 4;
  /** The pattern's characters; wildcard positions hold '*' or '?' (their meaning is in `types`). */
  readonly chars: string;
  readonly types: Uint8Array;
  /** EXACT: the whole string; PREFIX: text before the final `*`; SUFFIX: text after the leading `*`. */
  readonly literal: string;
  /** Whether any token is segment-bound (needs the NFA matcher). */
  readonly segmented: boolean;
}

/** Accumulates pattern tokens; used by the ARN and variable compilers. */
export class GlobBuilder {
  private chars = '';
  private types: number[] = [];
  literal(text: string): this {
    this.chars += text;
    for (let i = 0; i < text.length; i++) this.types.push(LIT);
    return this;
  }
  token(type: number): this {
    this.chars += type === STAR || type === STAR_SEG ? '*' : '?';
    this.types.push(type);
    return this;
  }
  /** Appends pre-tokenized characters. */
  append(chars: string, types: Uint8Array): this {
    this.chars += chars;
    for (let i = 0; i < types.length; i++) this.types.push(types[i]!);
    return this;
  }
  /** Returns the tokens accumulated so far (for pre-tokenized template pieces). */
  take(): { chars: string; types: Uint8Array } {
    const out = { chars: this.chars, types: Uint8Array.from(this.types) };
    this.chars = '';
    this.types = [];
    return out;
  }
  build(): Glob {
    return makeGlob(this.chars, Uint8Array.from(this.types));
  }
}

function makeGlob(chars: string, types: Uint8Array): Glob {
  const n = types.length;
  let wild = 0;
  let segmented = false;
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t !== LIT) wild++;
    if (t === STAR_SEG || t === QMARK_SEG) segmented = true;
  }
  let kind: Glob['kind'] = GENERAL;
  let literal = '';
  if (wild === 0) {
    kind = EXACT;
    literal = chars;
  } else if (n === 1 && types[0] === STAR) {
    kind = ANY;
  } else if (wild === 1 && types[n - 1] === STAR) {
    kind = PREFIX;
    literal = chars.slice(0, n - 1);
  } else if (wild === 1 && types[0] === STAR) {
    kind = SUFFIX;
    literal = chars.slice(1);
  }
  return { kind, chars, types, literal, segmented };
}

/** A plain glob: every `*` and `?` is a wildcard. `lower` folds the pattern to lower case. */
export function compileGlob(pattern: string, lower = false): Glob {
  const text = lower ? pattern.toLowerCase() : pattern;
  const types = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    types[i] = c === 42 ? STAR : c === 63 ? QMARK : LIT;
  }
  return makeGlob(text, types);
}

/** A literal string (no wildcards), e.g. for StringEquals. */
export function compileLiteral(text: string): Glob {
  return makeGlob(text, new Uint8Array(text.length));
}

export function globMatch(g: Glob, value: string): boolean {
  switch (g.kind) {
    case ANY:
      return true;
    case EXACT:
      return value === g.literal;
    case PREFIX:
      return value.startsWith(g.literal);
    case SUFFIX:
      return value.endsWith(g.literal);
    default:
      return g.segmented ? nfaMatch(g, value) : starMatch(g, value);
  }
}

// Classic two-pointer matcher with one backtrack point; correct when every `*` may consume
// any character (no segment-bound tokens). O(n·m) worst case, no allocation.
function starMatch(g: Glob, value: string): boolean {
  const p = g.chars;
  const types = g.types;
  const m = types.length;
  const n = value.length;
  let i = 0;
  let j = 0;
  let starP = -1;
  let starV = 0;
  while (j < n) {
    if (i < m) {
      const t = types[i]!;
      if (t === STAR) {
        starP = i++;
        starV = j;
        continue;
      }
      if (t === QMARK || p.charCodeAt(i) === value.charCodeAt(j)) {
        i++;
        j++;
        continue;
      }
    }
    if (starP < 0) return false;
    i = starP + 1;
    j = ++starV;
  }
  while (i < m && types[i] === STAR) i++;
  return i === m;
}

// State-set simulation for patterns with segment-bound tokens. Two reusable buffers.
let bufA = new Uint8Array(64);
let bufB = new Uint8Array(64);

function nfaMatch(g: Glob, value: string): boolean {
  const p = g.chars;
  const types = g.types;
  const m = types.length;
  if (bufA.length < m + 1) {
    bufA = new Uint8Array(2 * (m + 1));
    bufB = new Uint8Array(2 * (m + 1));
  }
  let cur = bufA;
  let next = bufB;
  cur.fill(0, 0, m + 1);
  cur[0] = 1;
  closure(cur, types, m);
  for (let j = 0; j < value.length; j++) {
    const c = value.charCodeAt(j);
    next.fill(0, 0, m + 1);
    let alive = false;
    for (let i = 0; i < m; i++) {
      if (cur[i] === 0) continue;
      const t = types[i]!;
      if (t === LIT) {
        if (p.charCodeAt(i) === c) (next[i + 1] = 1), (alive = true);
      } else if (t === QMARK) {
        next[i + 1] = 1;
        alive = true;
      } else if (t === QMARK_SEG) {
        if (c !== 58) (next[i + 1] = 1), (alive = true);
      } else if (t === STAR) {
        next[i] = 1;
        alive = true;
      } else if (c !== 58) {
        next[i] = 1;
        alive = true;
      }
    }
    if (!alive) return false;
    closure(next, types, m);
    const tmp = cur;
    cur = next;
    next = tmp;
  }
  return cur[m] === 1;
}

function closure(state: Uint8Array, types: Uint8Array, m: number): void {
  for (let i = 0; i < m; i++) {
    if (state[i] === 1) {
      const t = types[i];
      if (t === STAR || t === STAR_SEG) state[i + 1] = 1;
    }
  }
}
