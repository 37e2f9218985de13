/** The tag keys of the request context: a principal's own tags, a resource's tags. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { principalTagContext, resourceTagContext } from './context.js';

const t = (o: Record<string, string>) => Object.entries(o).map(([Key, Value]) => ({ Key, Value }));

describe('principalTagContext', () => {
  const cases: Array<[string, Record<string, string>, Record<string, string> | undefined]> = [
    ['no tags: no keys at all', {}, undefined],
    ['one key per tag, its case kept', { Team: 'blue', cost: '42' }, { 'aws:PrincipalTag/Team': 'blue', 'aws:PrincipalTag/cost': '42' }],
    ['an empty value is a value', { team: '' }, { 'aws:PrincipalTag/team': '' }],
  ];
  for (const [name, tags, want] of cases) test(name, () => assert.deepEqual(principalTagContext(t(tags)), want));
});

describe('resourceTagContext', () => {
  const cases: Array<[string, Record<string, string> | undefined, Record<string, string | string[]>, Record<string, string | string[]>]> = [
    ['no tags: the extra keys only', undefined, { 'aws:TagKeys': ['a'] }, { 'aws:TagKeys': ['a'] }],
    ['each tag as aws:ResourceTag and iam:ResourceTag', { team: 'blue' }, {}, { 'aws:ResourceTag/team': 'blue', 'iam:ResourceTag/team': 'blue' }],
    [
      'with the check\'s own keys',
      { team: 'blue' },
      { 'sts:RoleSessionName': 's' },
      { 'sts:RoleSessionName': 's', 'aws:ResourceTag/team': 'blue', 'iam:ResourceTag/team': 'blue' },
    ],
  ];
  for (const [name, tags, extra, want] of cases) test(name, () => assert.deepEqual(resourceTagContext(tags ? t(tags) : undefined, extra), want));

  test('the extra record is not changed', () => {
    const extra = { a: 'b' };
    resourceTagContext(t({ team: 'blue' }), extra);
    assert.deepEqual(extra, { a: 'b' });
  });
});
