// ARN patterns. AWS (IAM User Guide, "IAM JSON policy elements: Resource"): wildcards may be used
// within each colon-separated segment of an ARN; "If the * wildcard is the last character of a
// resource ARN segment, it can expand to match beyond the colon boundaries". For ArnLike/ArnEquals
// (Condition operators page) "Each of the six colon-delimited components of the ARN is checked
// separately". Our reading, applied to the first five segments (before the fifth colon):
//   - Resource element: `*` and `?` stay within their segment, except a `*` that ends a segment
//     (followed by ':' or by the end of the pattern), which may also consume colons;
//   - ArnLike: every `*` and `?` stays within its segment, except a `*` ending the whole pattern.
// In the resource part (after the fifth colon) `*` and `?` match any character, '/' and ':' too.
import { GlobBuilder, QMARK, QMARK_SEG, STAR, STAR_SEG, type Glob } from './glob.js';

export type ArnMode = 'resource' | 'arnlike';

/** Adds the tokens of `text` (no policy variables in it) to `b`; `colons` counts pattern colons seen so far. */
export function pushArnTokens(b: GlobBuilder, text: string, mode: ArnMode, colons: number, atEnd: boolean): number {
  let lit = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '*' && ch !== '?') {
      if (ch === ':') colons++;
      lit += ch;
      continue;
    }
    if (lit) (b.literal(lit), (lit = ''));
    if (colons >= 5) {
      b.token(ch === '*' ? STAR : QMARK);
      continue;
    }
    if (ch === '?') {
      b.token(QMARK_SEG);
      continue;
    }
    const last = atEnd && i === text.length - 1;
    const endsSegment = i + 1 < text.length ? text[i + 1] === ':' : atEnd;
    b.token(last || (mode === 'resource' && endsSegment) ? STAR : STAR_SEG);
  }
  if (lit) b.literal(lit);
  return colons;
}

/** Index just past the fifth colon of `s`, or -1 if it has fewer than five. */
export function afterFifthColon(s: string): number {
  let pos = -1;
  for (let k = 0; k < 5; k++) {
    pos = s.indexOf(':', pos + 1);
    if (pos < 0) return -1;
  }
  return pos + 1;
}

/** Compiles an ARN pattern without policy variables. */
export function compileArnPattern(pattern: string, mode: ArnMode): Glob {
  const b = new GlobBuilder();
  pushArnTokens(b, pattern, mode, 0, true);
  return b.build();
}

