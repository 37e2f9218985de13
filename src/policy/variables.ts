// Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"):
//   ${key}             the value of request-context key `key` (case-insensitive)
//   ${key, 'default'}  the default when the key is absent ('' inside the quotes is one quote)
//   ${*} ${?} ${$}     a literal '*', '?' or '$'
// Variables are recognized only in 2012-10-17 policies, in the resource part of Resource ARNs
// and in the values of String, ARN and Bool condition operators. A variable whose key is absent
// (or multi-valued) and has no default cannot be resolved: the pattern then matches nothing.
// Substituted values are literal text: a '*' in a user name is not a wildcard.
import { GlobBuilder, QMARK, STAR, type Glob } from './match/glob.js';
import { pushArnTokens } from './match/arn.js';
import type { RequestContext } from './request.js';

/** How the text of a pattern is tokenized. */
export type PatternMode = 'glob' | 'literal' | 'literal-lower' | 'arn-resource' | 'arn-like';

export interface VarRef {
  readonly kind: 'var';
  /** As written, e.g. 'aws:PrincipalTag/Dept'. */
  readonly name: string;
  /** Lower-cased context key. */
  readonly key: string;
  readonly def: string | undefined;
}

type Scanned = string | VarRef | { readonly kind: 'char'; readonly ch: string };

type Piece = { readonly chars: string; readonly types: Uint8Array } | VarRef;

export interface PatternTemplate {
  readonly template: true;
  readonly pieces: readonly Piece[];
  readonly lower: boolean;
  readonly vars: readonly VarRef[];
}

const KEY_OK = /^[^\s${},']+$/;

/** Splits text into literal runs, variable references and escaped characters. */
export function scanVariables(text: string): Scanned[] | null {
  if (!text.includes('${')) return null;
  const out: Scanned[] = [];
  let lit = '';
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const parsed = parseVariable(text, i + 2);
      if (parsed) {
        if (lit) (out.push(lit), (lit = ''));
        out.push(parsed.item);
        i = parsed.end;
        continue;
      }
    }
    lit += text[i];
    i++;
  }
  if (lit) out.push(lit);
  return out;
}

function parseVariable(text: string, start: number): { item: Scanned; end: number } | null {
  // Find the closing brace, skipping over a quoted default.
  let j = start;
  let inQuote = false;
  while (j < text.length) {
    const c = text[j];
    if (c === "'") {
      if (inQuote && text[j + 1] === "'") {
        j += 2;
        continue;
      }
      inQuote = !inQuote;
    } else if (c === '}' && !inQuote) break;
    j++;
  }
  if (j >= text.length) return null;
  const body = text.slice(start, j).trim();
  const end = j + 1;
  if (body === '*' || body === '?' || body === '$') return { item: { kind: 'char', ch: body }, end };
  const comma = body.indexOf(',');
  const name = (comma < 0 ? body : body.slice(0, comma)).trim();
  if (!KEY_OK.test(name)) return null;
  let def: string | undefined;
  if (comma >= 0) {
    const rest = body.slice(comma + 1).trim();
    if (rest.length < 2 || rest[0] !== "'" || rest[rest.length - 1] !== "'") return null;
    const inner = rest.slice(1, -1);
    if (inner.replace(/''/g, '').includes("'")) return null;
    def = inner.replace(/''/g, "'");
  }
  return { item: { kind: 'var', name, key: name.toLowerCase(), def }, end };
}

function pushText(b: GlobBuilder, text: string, mode: PatternMode, colons: number, atEnd: boolean): number {
  switch (mode) {
    case 'glob':
      for (let i = 0; i < text.length; i++) {
        const ch = text[i]!;
        if (ch === '*') b.token(STAR);
        else if (ch === '?') b.token(QMARK);
        else b.literal(ch);
      }
      return colons;
    case 'literal':
      b.literal(text);
      return colons;
    case 'literal-lower':
      b.literal(text.toLowerCase());
      return colons;
    case 'arn-resource':
      return pushArnTokens(b, text, 'resource', colons, atEnd);
    case 'arn-like':
      return pushArnTokens(b, text, 'arnlike', colons, atEnd);
  }
}

/**
 * Compiles a pattern. With `variables`, ${...} references are recognized (only after the fifth
 * colon for 'arn-resource'). Returns a Glob when nothing needs resolving at evaluation time.
 */
export function compilePattern(text: string, mode: PatternMode, variables: boolean): Glob | PatternTemplate {
  let head = '';
  let tail = text;
  if (variables && mode === 'arn-resource') {
    // "You can use a policy variable in the Resource element, but only in the resource portion of the ARN."
    let pos = -1;
    for (let k = 0; k < 5 && (pos = text.indexOf(':', pos + 1)) >= 0; k++);
    const cut = pos < 0 ? text.length : pos + 1;
    head = text.slice(0, cut);
    tail = text.slice(cut);
  }
  const scanned = variables ? scanVariables(tail) : null;
  const b = new GlobBuilder();
  if (!scanned) {
    pushText(b, text, mode, 0, true);
    return b.build();
  }
  let colons = pushText(b, head, mode, 0, tail.length === 0);
  const pieces: Piece[] = [];
  const vars: VarRef[] = [];
  for (let k = 0; k < scanned.length; k++) {
    const s = scanned[k]!;
    const atEnd = k === scanned.length - 1;
    if (typeof s === 'string') colons = pushText(b, s, mode, colons, atEnd);
    else if (s.kind === 'char') b.literal(s.ch);
    else {
      pieces.push(b.take());
      pieces.push(s);
      vars.push(s);
    }
  }
  pieces.push(b.take());
  if (vars.length === 0) {
    const out = new GlobBuilder();
    for (const p of pieces) if (!('kind' in p)) out.append(p.chars, p.types);
    return out.build();
  }
  return { template: true, pieces, lower: mode === 'literal-lower', vars };
}

export function isTemplate(p: Glob | PatternTemplate): p is PatternTemplate {
  return (p as PatternTemplate).template === true;
}

/** Resolves a variable's value, or undefined when it cannot be resolved. */
export function resolveVariable(v: VarRef, ctx: RequestContext): string | undefined {
  const vals = ctx.get(v.key);
  if (vals !== undefined && vals.length === 1) return vals[0];
  return v.def;
}

/** Substitutes variables; null when one cannot be resolved (the pattern then matches nothing). */
export function resolvePattern(p: PatternTemplate, ctx: RequestContext): Glob | null {
  const b = new GlobBuilder();
  for (const piece of p.pieces) {
    if ('kind' in piece) {
      const value = resolveVariable(piece, ctx);
      if (value === undefined) return null;
      b.literal(p.lower ? value.toLowerCase() : value);
    } else b.append(piece.chars, piece.types);
  }
  return b.build();
}

