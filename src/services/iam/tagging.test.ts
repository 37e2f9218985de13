/** Tag merging as IAM does it: keys case-insensitive, the stored key's case kept, values replaced. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dropTags, mergeTags } from './tagging.js';

const t = (o: Record<string, string>) => Object.entries(o).map(([Key, Value]) => ({ Key, Value }));

describe('mergeTags', () => {
  const cases: Array<{ name: string; have: Record<string, string>; add: Record<string, string>; want: Record<string, string> }> = [
    { name: 'adds new keys after the existing ones', have: { a: '1' }, add: { b: '2' }, want: { a: '1', b: '2' } },
    { name: 'replaces a value, same key', have: { team: 'red' }, add: { team: 'blue' }, want: { team: 'blue' } },
    { name: 'replaces a value of a key in another case, keeping the stored key', have: { Team: 'red' }, add: { team: 'blue' }, want: { Team: 'blue' } },
    { name: 'an empty value is a value', have: { a: '1' }, add: { a: '' }, want: { a: '' } },
    { name: 'nothing to add', have: { a: '1' }, add: {}, want: { a: '1' } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(mergeTags(t(c.have), t(c.add)), t(c.want)));

  test('the existing list is not changed', () => {
    const have = t({ a: '1' });
    mergeTags(have, t({ a: '2' }));
    assert.deepEqual(have, t({ a: '1' }));
  });
});

describe('dropTags', () => {
  const cases: Array<{ name: string; have: Record<string, string>; keys: string[]; want: Record<string, string> }> = [
    { name: 'drops the named keys', have: { a: '1', b: '2' }, keys: ['a'], want: { b: '2' } },
    { name: 'case-insensitively', have: { Team: 'blue', b: '2' }, keys: ['TEAM'], want: { b: '2' } },
    { name: 'a key that is not there is ignored', have: { a: '1' }, keys: ['z'], want: { a: '1' } },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(dropTags(t(c.have), c.keys), t(c.want)));
});
