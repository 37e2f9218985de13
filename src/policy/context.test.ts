/** Request contexts: keys case-insensitive, later records winning, a check's keys layered over a request's. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createContext, extendContext, toContext } from './context.js';

describe('createContext', () => {
  const cases: Array<{ name: string; records: Array<Record<string, string | string[]>>; key: string; want: string[] | undefined }> = [
    { name: 'a single value', records: [{ 'aws:username': 'bob' }], key: 'aws:username', want: ['bob'] },
    { name: 'keys compare case-insensitively', records: [{ 'aws:PrincipalTag/Team': 'blue' }], key: 'aws:principaltag/team', want: ['blue'] },
    { name: 'a multi-valued key', records: [{ 'aws:TagKeys': ['a', 'b'] }], key: 'aws:tagkeys', want: ['a', 'b'] },
    { name: 'a later record wins on the same key in another case', records: [{ 'aws:PrincipalTag/team': 'red' }, { 'aws:PrincipalTag/Team': 'blue' }], key: 'aws:principaltag/team', want: ['blue'] },
    { name: 'an earlier record\'s other keys stay', records: [{ 'aws:PrincipalTag/cost': '1' }, { 'aws:PrincipalTag/team': 'blue' }], key: 'aws:principaltag/cost', want: ['1'] },
    { name: 'an absent key', records: [{ a: 'b' }], key: 'c', want: undefined },
  ];
  for (const c of cases) test(c.name, () => assert.deepEqual(createContext(...c.records).get(c.key), c.want));
});

describe('extendContext', () => {
  const base = createContext({ 'aws:username': 'bob', 'aws:PrincipalTag/team': 'blue' });
  const ext = extendContext(base, { 'aws:ResourceTag/Team': 'red', 'aws:USERNAME': 'alice' });

  const cases: Array<[string, string[] | undefined]> = [
    ['aws:username', ['alice']],
    ['aws:principaltag/team', ['blue']],
    ['aws:resourcetag/team', ['red']],
    ['aws:nothing', undefined],
  ];
  for (const [key, want] of cases) test(`get(${key})`, () => assert.deepEqual(ext.get(key), want));

  test('iterates the merged keys once each; has() and size agree; the base is unchanged', () => {
    assert.deepEqual([...ext.keys()].sort(), ['aws:principaltag/team', 'aws:resourcetag/team', 'aws:username']);
    assert.equal(ext.size, 3);
    assert.equal(ext.has('aws:resourcetag/team'), true);
    assert.equal(ext.has('aws:nothing'), false);
    assert.deepEqual(base.get('aws:username'), ['bob']);
    assert.equal(base.has('aws:resourcetag/team'), false);
  });

  test('no record: the base itself; toContext passes a layered context through', () => {
    assert.equal(extendContext(base, undefined), base);
    assert.equal(toContext(ext), ext);
  });
});
