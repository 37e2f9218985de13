import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePattern, isTemplate, resolvePattern, scanVariables } from './variables.js';
import { globMatch } from './match/glob.js';
import { createContext } from './context.js';

const ctx = createContext({ 'aws:username': 'bob', 'aws:PrincipalTag/dept': 'eng', 'aws:multi': ['a', 'b'] });
const matches = (pattern: string, value: string, mode: 'glob' | 'arn-resource' = 'glob') => {
  const p = compilePattern(pattern, mode, true);
  const g = isTemplate(p) ? resolvePattern(p, ctx) : p;
  return g !== null && globMatch(g, value);
};

test('variables resolve case-insensitively', () => {
  assert.equal(matches('home/${aws:username}/*', 'home/bob/x'), true);
  assert.equal(matches('home/${AWS:UserName}/*', 'home/bob/x'), true);
  assert.equal(matches('${aws:principaltag/Dept}', 'eng'), true);
});

test('missing or multi-valued variables without default match nothing', () => {
  assert.equal(matches('${aws:userid}', ''), false);
  assert.equal(matches('${aws:userid}*', 'anything'), false);
  assert.equal(matches('${aws:multi}', 'a'), false);
});

test('defaults', () => {
  assert.equal(matches("${aws:userid, 'anonymous'}", 'anonymous'), true);
  assert.equal(matches("${aws:username, 'none'}", 'bob'), true);
  assert.equal(matches("x/${ aws:userid , 'it''s' }", "x/it's"), true);
});

test('escapes are literal characters, not wildcards', () => {
  assert.equal(matches('a${*}b', 'a*b'), true);
  assert.equal(matches('a${*}b', 'axb'), false);
  assert.equal(matches('a${?}', 'a?'), true);
  assert.equal(matches('a${?}', 'ab'), false);
  assert.equal(matches('${$}x', '$x'), true);
});

test('substituted values are literal', () => {
  const c = createContext({ 'aws:username': 'b*' });
  const p = compilePattern('u/${aws:username}', 'glob', true);
  assert.ok(isTemplate(p));
  const g = resolvePattern(p, c)!;
  assert.equal(globMatch(g, 'u/b*'), true);
  assert.equal(globMatch(g, 'u/bob'), false);
});

test('in Resource, variables only count after the fifth colon', () => {
  assert.equal(matches('arn:aws:s3:::b/${aws:username}', 'arn:aws:s3:::b/bob', 'arn-resource'), true);
  assert.equal(matches('arn:aws:iam::${aws:username}:user/x', 'arn:aws:iam::bob:user/x', 'arn-resource'), false);
});

test('malformed references stay literal', () => {
  assert.deepEqual(scanVariables('${unterminated'), ['${unterminated']);
  assert.deepEqual(scanVariables("${a:b, nodefaultquotes}"), ["${a:b, nodefaultquotes}"]);
  assert.equal(scanVariables('plain'), null);
});

test('without variables (2008-10-17) ${...} is literal', () => {
  const p = compilePattern('${aws:username}', 'glob', false);
  assert.equal(isTemplate(p), false);
  assert.equal(globMatch(p as never, '${aws:username}'), true);
});
