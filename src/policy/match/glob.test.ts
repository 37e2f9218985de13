import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { compileGlob, globMatch, GlobBuilder, LIT, QMARK, QMARK_SEG, STAR, STAR_SEG, type Glob } from './glob.js';
import { compileArnPattern } from './arn.js';

// Slow reference: memoized recursion straight from the definition.
function reference(g: Glob, value: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (value.length + 1) + j;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    let r: boolean;
    if (i === g.types.length) r = j === value.length;
    else {
      const t = g.types[i];
      const c = value[j];
      if (t === STAR || t === STAR_SEG) {
        r = go(i + 1, j) || (j < value.length && (t === STAR || c !== ':') && go(i, j + 1));
      } else if (j === value.length) r = false;
      else if (t === QMARK) r = go(i + 1, j + 1);
      else if (t === QMARK_SEG) r = c !== ':' && go(i + 1, j + 1);
      else r = g.chars[i] === c && go(i + 1, j + 1);
    }
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

const alphabet = fc.constantFrom('a', 'b', ':', '/', '*', '?');
const text = fc.array(fc.constantFrom('a', 'b', ':', '/'), { maxLength: 14 }).map((a) => a.join(''));

test('plain globs agree with the reference on random strings', () => {
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 10 }).map((a) => a.join('')), text, (pattern, value) => {
      const g = compileGlob(pattern);
      assert.equal(globMatch(g, value), reference(g, value));
    }),
    { numRuns: 5000 },
  );
});

test('segment-bound tokens agree with the reference (NFA path)', () => {
  const tok = fc.oneof(
    fc.constantFrom('a', 'b', ':').map((c) => ({ t: LIT, c })),
    fc.constantFrom(STAR, QMARK, STAR_SEG, QMARK_SEG).map((t) => ({ t, c: '' })),
  );
  fc.assert(
    fc.property(fc.array(tok, { maxLength: 10 }), text, (toks, value) => {
      const b = new GlobBuilder();
      for (const x of toks) if (x.t === LIT) b.literal(x.c);
      else b.token(x.t);
      const g = b.build();
      assert.equal(globMatch(g, value), reference(g, value));
    }),
    { numRuns: 5000 },
  );
});

test('ARN patterns agree with the reference', () => {
  const seg = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 3 }).map((a) => a.join(''));
  fc.assert(
    fc.property(fc.array(seg, { minLength: 1, maxLength: 7 }), text, (segs, value) => {
      for (const mode of ['resource', 'arnlike'] as const) {
        const g = compileArnPattern(segs.join(':'), mode);
        assert.equal(globMatch(g, value), reference(g, value));
      }
    }),
    { numRuns: 3000 },
  );
});

test('fast paths', () => {
  assert.equal(globMatch(compileGlob('*'), ''), true);
  assert.equal(globMatch(compileGlob('abc'), 'abc'), true);
  assert.equal(globMatch(compileGlob('abc'), 'abcd'), false);
  assert.equal(globMatch(compileGlob('ab*'), 'abcd'), true);
  assert.equal(globMatch(compileGlob('*cd'), 'abcd'), true);
  assert.equal(globMatch(compileGlob('a?c*'), 'abcd'), true);
  assert.equal(globMatch(compileGlob('iam:*report', true), 'iam:getorganizationsaccessreport'), true);
});

test('AWS Resource example: arn:aws:s3:::amzn-s3-demo-bucket/*/test/*', () => {
  const g = compileArnPattern('arn:aws:s3:::amzn-s3-demo-bucket/*/test/*', 'resource');
  for (const k of ['1///test///object.jpg', '/test/object.jpg', '1/test/'])
    assert.equal(globMatch(g, `arn:aws:s3:::amzn-s3-demo-bucket/${k}`), true, k);
  for (const k of ['1-test/object.jpg', 'test/object.jpg', '1/2/test.jpg'])
    assert.equal(globMatch(g, `arn:aws:s3:::amzn-s3-demo-bucket/${k}`), false, k);
});

test('AWS ArnLike example: segments are matched separately', () => {
  const value = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
  assert.equal(globMatch(compileGlob('arn:aws:someservice:*:111122223333:finance/*'), value), true);
  assert.equal(globMatch(compileArnPattern('arn:aws:someservice:*:111122223333:finance/*', 'arnlike'), value), false);
});

test('a * ending the pattern covers the rest, colons included', () => {
  assert.equal(globMatch(compileArnPattern('arn:aws:*', 'arnlike'), 'arn:aws:iam::1:user/x'), true);
  assert.equal(globMatch(compileArnPattern('arn:aws:iam::*', 'resource'), 'arn:aws:iam::123:user/x'), true);
  assert.equal(globMatch(compileArnPattern('arn:aws:s?s:*:1:q', 'resource'), 'arn:aws:sqs:x:1:q'), true);
  assert.equal(globMatch(compileArnPattern('arn:aws:ec2:us?east-1:1:x', 'resource'), 'arn:aws:ec2:us:east-1:1:x'), false);
});
