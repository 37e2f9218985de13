import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketTagContext, existingTagContext, loadTags, parseTaggingHeader, parseTaggingXml, requestTagContext, storeTags, tagCountHeader, validateTags } from './tagging.js';

const xml = (tags: Array<[string, string]>) =>
  `<Tagging><TagSet>${tags.map(([k, v]) => `<Tag><Key>${k}</Key><Value>${v}</Value></Tag>`).join('')}</TagSet></Tagging>`;
const many = (n: number) => Array.from({ length: n }, (_, i): [string, string] => [`k${i}`, 'v']);

test('tag sets: AWS limits, each refusal InvalidTag', () => {
  const rows: Array<[string, Array<[string, string]>, number, string | null]> = [
    ['ten object tags', many(10), 10, null],
    ['eleven object tags', many(11), 10, 'Object tags cannot be greater than 10'],
    ['fifty bucket tags', many(50), 50, null],
    ['a 128-character key', [['k'.repeat(128), 'v']], 10, null],
    ['a 129-character key', [['k'.repeat(129), 'v']], 10, 'The TagKey you have provided is invalid'],
    ['an empty key', [['', 'v']], 10, 'The TagKey you have provided is invalid'],
    ['a 256-character value', [['k', 'v'.repeat(256)]], 10, null],
    ['a 257-character value', [['k', 'v'.repeat(257)]], 10, 'The TagValue you have provided is invalid'],
    ['an empty value', [['k', '']], 10, null],
    ['an aws: key', [['aws:cloudformation', 'v']], 10, 'Your TagKey cannot be prefixed with aws:'],
    ['a key twice', [['k', '1'], ['k', '2']], 10, 'Cannot provide multiple Tags with the same key'],
    ['keys differing in case', [['k', '1'], ['K', '2']], 10, null],
  ];
  for (const [what, tags, max, message] of rows) {
    const set = tags.map(([Key, Value]) => ({ Key, Value }));
    if (message === null) assert.deepEqual(validateTags(set, max, 'Object'), set, what);
    else assert.throws(() => validateTags(set, max, 'Object'), { code: 'InvalidTag', status: 400, message }, what);
  }
  assert.throws(() => validateTags(many(51).map(([Key, Value]) => ({ Key, Value })), 50, 'Bucket'), { code: 'InvalidTag', message: 'Bucket tag count cannot be greater than 50' });
});

test('tag sets: the Tagging document and the x-amz-tagging header', () => {
  assert.deepEqual(parseTaggingXml(xml([['a', '1'], ['b', '']]), 10, 'Object'), [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '' }]);
  assert.deepEqual(parseTaggingXml(xml([]), 10, 'Object'), []);
  assert.throws(() => parseTaggingXml('<Tagging></Tagging>', 10, 'Object'), { code: 'MalformedXML' });
  assert.throws(() => parseTaggingXml('<Tagging><TagSet><Tag><Key>a</Key></Tag></TagSet></Tagging>', 10, 'Object'), { code: 'MalformedXML' });
  assert.throws(() => parseTaggingXml(xml(many(11)), 10, 'Object'), { code: 'InvalidTag' });
  const header: Array<[string | undefined, Array<{ Key: string; Value: string }> | undefined]> = [
    [undefined, undefined],
    ['', []],
    ['a=1&b=two%20words', [{ Key: 'a', Value: '1' }, { Key: 'b', Value: 'two words' }]],
    ['flag', [{ Key: 'flag', Value: '' }]],
    ['k%3D=v%26', [{ Key: 'k=', Value: 'v&' }]],
  ];
  for (const [h, want] of header) assert.deepEqual(parseTaggingHeader(h), want, String(h));
  assert.throws(() => parseTaggingHeader('a=1&a=2'), { code: 'InvalidArgument', status: 400 });
  assert.throws(() => parseTaggingHeader(many(11).map(([k, v]) => `${k}=${v}`).join('&')), { code: 'InvalidTag' });
});

test('tag sets: stored form, x-amz-tagging-count and the condition keys they give', () => {
  const tags = [{ Key: 'public', Value: 'yes' }, { Key: 'team', Value: 'blue' }];
  assert.equal(storeTags([]), null);
  assert.equal(storeTags(undefined), null);
  assert.deepEqual(loadTags(storeTags(tags)), tags);
  assert.deepEqual(tagCountHeader(storeTags(tags)), { 'x-amz-tagging-count': '2' });
  assert.deepEqual(tagCountHeader(null), {});
  assert.deepEqual(existingTagContext(storeTags(tags)), { 's3:ExistingObjectTag/public': 'yes', 's3:ExistingObjectTag/team': 'blue' });
  assert.deepEqual(existingTagContext(null), {});
  assert.deepEqual(requestTagContext(tags), { 's3:RequestObjectTag/public': 'yes', 's3:RequestObjectTag/team': 'blue', 's3:RequestObjectTagKeys': ['public', 'team'] });
  assert.deepEqual(requestTagContext(undefined), {}, 'no tags sent: the keys are absent');
  assert.deepEqual(bucketTagContext(storeTags(tags)), { 'aws:ResourceTag/public': 'yes', 'aws:ResourceTag/team': 'blue' });
});
