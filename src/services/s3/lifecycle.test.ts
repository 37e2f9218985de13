import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expirationHeader, lifecycleDueAt, parseLifecycle, ruleMatches, type LifecycleFilter } from './lifecycle.js';

const doc = (...rules: string[]) => `<LifecycleConfiguration>${rules.map((r) => `<Rule>${r}</Rule>`).join('')}</LifecycleConfiguration>`;
const ids = () => 'generated';
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

test('lifecycle documents: each accepted form; each AWS refusal', () => {
  const rules = parseLifecycle(
    doc(
      '<ID>a</ID><Filter><Prefix>logs/</Prefix></Filter><Status>Enabled</Status><Expiration><Days>3</Days></Expiration>',
      '<ID>b</ID><Filter><Tag><Key>k</Key><Value>v</Value></Tag></Filter><Status>Disabled</Status><Expiration><Date>2030-01-01T00:00:00.000Z</Date></Expiration>',
      '<ID>c</ID><Filter><And><Prefix>p/</Prefix><Tag><Key>k</Key><Value>v</Value></Tag><ObjectSizeGreaterThan>5</ObjectSizeGreaterThan></And></Filter><Status>Enabled</Status><NoncurrentVersionExpiration><NoncurrentDays>2</NoncurrentDays><NewerNoncurrentVersions>3</NewerNoncurrentVersions></NoncurrentVersionExpiration>',
      '<ID>d</ID><Filter></Filter><Status>Enabled</Status><Expiration><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration><AbortIncompleteMultipartUpload><DaysAfterInitiation>1</DaysAfterInitiation></AbortIncompleteMultipartUpload>',
      '<ID>e</ID><Prefix>old/</Prefix><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>',
      '<Filter><Prefix></Prefix></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>',
    ),
    ids,
  );
  assert.deepEqual(
    rules.map((r) => [r.id, r.enabled, r.filter.form]),
    [['a', true, 'prefix'], ['b', false, 'tag'], ['c', true, 'and'], ['d', true, 'none'], ['e', true, 'legacy'], ['generated', true, 'prefix']],
  );
  assert.deepEqual([rules[2]!.noncurrentDays, rules[2]!.newerNoncurrentVersions, rules[3]!.abortDays, rules[3]!.expiredObjectDeleteMarker], [2, 3, 1, true]);
  const rule = (body: string) => `<ID>x</ID><Filter/><Status>Enabled</Status>${body}`;
  const refused: Array<[string, string]> = [
    [doc(), 'MalformedXML'],
    [doc('<ID>x</ID><Filter/><Status>On</Status><Expiration><Days>1</Days></Expiration>'), 'MalformedXML'],
    [doc(rule('<Expiration><Days>0</Days></Expiration>')), 'InvalidArgument'],
    [doc(rule('<Expiration><Days>1</Days><ExpiredObjectDeleteMarker>true</ExpiredObjectDeleteMarker></Expiration>')), 'MalformedXML'],
    [doc(rule('<Expiration><Date>2030-01-01T10:00:00Z</Date></Expiration>')), 'InvalidArgument'],
    [doc(rule('')), 'InvalidRequest'],
    [doc(rule('<Transition><Days>1</Days><StorageClass>GLACIER</StorageClass></Transition>')), 'NotImplemented'],
    [doc(rule('<Expiration><Days>1</Days></Expiration>'), rule('<Expiration><Days>2</Days></Expiration>')), 'InvalidArgument'],
    [doc(`<ID>${'i'.repeat(256)}</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>`), 'InvalidArgument'],
    [doc('<ID>x</ID><Filter><Prefix>a</Prefix><ObjectSizeLessThan>3</ObjectSizeLessThan></Filter><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>'), 'MalformedXML'],
    [doc('<ID>x</ID><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>'), 'MalformedXML'],
    [doc(...Array.from({ length: 1001 }, (_, i) => `<ID>r${i}</ID><Filter/><Status>Enabled</Status><Expiration><Days>1</Days></Expiration>`)), 'MalformedXML'],
  ];
  for (const [xml, want] of refused) assert.equal(code(() => parseLifecycle(xml, ids)), want, xml.slice(0, 200));
});

test("due dates: AWS's example (created 2014-01-15 10:30 UTC, 3 days: due 2014-01-19 00:00 UTC)", () => {
  assert.equal(lifecycleDueAt(Date.UTC(2014, 0, 15, 10, 30), 3), Date.UTC(2014, 0, 19));
  assert.equal(lifecycleDueAt(Date.UTC(2014, 0, 15, 23, 59, 59), 1), Date.UTC(2014, 0, 17));
});

test('filters: prefix, size bounds (strict) and every tag', () => {
  const f: LifecycleFilter = { form: 'and', prefix: 'p/', sizeGreaterThan: 1, sizeLessThan: 10, tags: [{ Key: 'a', Value: '1' }] };
  const rows: Array<[string, number, Array<{ Key: string; Value: string }>, boolean]> = [
    ['p/x', 5, [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }], true],
    ['q/x', 5, [{ Key: 'a', Value: '1' }], false],
    ['p/x', 1, [{ Key: 'a', Value: '1' }], false],
    ['p/x', 10, [{ Key: 'a', Value: '1' }], false],
    ['p/x', 5, [{ Key: 'a', Value: '2' }], false],
    ['p/x', 5, [], false],
  ];
  for (const [key, size, tags, want] of rows) assert.equal(ruleMatches(f, key, size, tags), want, JSON.stringify([key, size, tags]));
  assert.equal(ruleMatches({ form: 'none' }, 'any', 0, []), true);
});

test('x-amz-expiration: the earliest enabled Days or Date rule the object matches', () => {
  const rules = [
    { id: 'late', enabled: true, filter: { form: 'none' }, expirationDays: 30 },
    { id: 'soon', enabled: true, filter: { form: 'prefix', prefix: 'tmp/' }, expirationDays: 1 },
    { id: 'off', enabled: false, filter: { form: 'none' }, expirationDays: 0 },
    { id: 'nc', enabled: true, filter: { form: 'none' }, noncurrentDays: 1 },
  ];
  const b = { lifecycle: JSON.stringify(rules) };
  const at = Date.UTC(2030, 0, 1, 10, 30);
  const o = (key: string) => ({ key, size: 1, last_modified: at, tags: null });
  // Creation + Days, rounded to the next midnight UTC.
  assert.deepEqual(expirationHeader(b, o('tmp/a')), { 'x-amz-expiration': 'expiry-date="Thu, 03 Jan 2030 00:00:00 GMT", rule-id="soon"' });
  assert.deepEqual(expirationHeader(b, o('keep/a')), { 'x-amz-expiration': 'expiry-date="Fri, 01 Feb 2030 00:00:00 GMT", rule-id="late"' });
  assert.deepEqual(expirationHeader({ lifecycle: null }, o('tmp/a')), {});
});
