import assert from 'node:assert/strict';
import { test } from 'node:test';
import { field, JsonSyntaxError, parseLocated, plainValue } from './located.js';

const slice = (text: string, n: { span: { start: { offset: number }; end: { offset: number } } }) => text.slice(n.span.start.offset, n.span.end.offset);

test('every node spans exactly its text; lines from 1, columns and offsets from 0', () => {
  const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ {"Action": ["a:b", "c:\\u0064"]} ]\n}';
  const root = parseLocated(text);
  assert.deepEqual(root.span.start, { line: 1, column: 0, offset: 0 });
  assert.deepEqual(root.span.end, { line: 4, column: 1, offset: text.length });
  const version = field(root, 'Version')!;
  assert.equal(slice(text, version.value), '"2012-10-17"');
  assert.deepEqual(version.value.span.start, { line: 2, column: 13, offset: 15 });
  assert.equal(slice(text, { span: version.keySpan }), '"Version"');
  const st = field(root, 'Statement')!.value;
  assert.equal(st.kind, 'array');
  const action = field(st.kind === 'array' ? st.items[0] : undefined, 'Action')!.value;
  assert.equal(action.kind === 'array' && slice(text, action.items[1]!), '"c:\\u0064"');
  assert.equal(action.kind === 'array' && action.items[1]!.kind === 'string' && action.items[1]!.value, 'c:d');
  assert.deepEqual(plainValue(root), JSON.parse(text));
});

test('a repeated key: the last wins, as in JSON.parse', () => {
  const root = parseLocated('{"a": 1, "a": 2}');
  assert.deepEqual(plainValue(root), { a: 2 });
  assert.equal(field(root, 'a')!.value.span.start.offset, 14);
});

test('syntax errors name their position', () => {
  for (const [text, at] of [
    ['{"a": }', { line: 1, column: 6, offset: 6 }],
    ['{\n  "a": 1,\n', { line: 3, column: 0, offset: 12 }],
    ['{"a": 1} x', { line: 1, column: 9, offset: 9 }],
    ['["\\q"]', { line: 1, column: 2, offset: 2 }],
  ] as const) {
    assert.throws(() => parseLocated(text), (e: unknown) => e instanceof JsonSyntaxError && JSON.stringify(e.at) === JSON.stringify(at), text);
  }
});

test('bounded nesting: a deep document is refused, not a stack overflow', () => {
  assert.throws(() => parseLocated('['.repeat(100_000)), JsonSyntaxError);
});
