import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertDeletable, changeRetention, defaultUntil, lockContext, parseLockConfiguration, parseLockHeaders, parseRetention } from './objectLock.js';

const NOW = Date.UTC(2030, 0, 1);
const DAY = 86_400_000;
const lock = (o: object) => ({ object_lock: JSON.stringify(o) });
const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

test('configuration documents: enabled, default retention of Days or Years, AWS errors', () => {
  const doc = (rule: string) => `<ObjectLockConfiguration><ObjectLockEnabled>Enabled</ObjectLockEnabled>${rule}</ObjectLockConfiguration>`;
  const rows: Array<[string, unknown]> = [
    [doc(''), { enabled: true }],
    [doc('<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>3</Days></DefaultRetention></Rule>'), { enabled: true, mode: 'GOVERNANCE', days: 3 }],
    [doc('<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Years>1</Years></DefaultRetention></Rule>'), { enabled: true, mode: 'COMPLIANCE', years: 1 }],
    [doc('<Rule><DefaultRetention><Mode>COMPLIANCE</Mode><Years>1</Years><Days>1</Days></DefaultRetention></Rule>'), 'MalformedXML'],
    [doc('<Rule><DefaultRetention><Mode>LOOSE</Mode><Days>1</Days></DefaultRetention></Rule>'), 'MalformedXML'],
    [doc('<Rule><DefaultRetention><Mode>GOVERNANCE</Mode><Days>0</Days></DefaultRetention></Rule>'), 'InvalidArgument'],
    ['<ObjectLockConfiguration><ObjectLockEnabled>Disabled</ObjectLockEnabled></ObjectLockConfiguration>', 'MalformedXML'],
  ];
  for (const [xml, want] of rows) {
    if (typeof want === 'string') assert.equal(code(() => parseLockConfiguration(xml)), want, xml);
    else assert.deepEqual(parseLockConfiguration(xml), want, xml);
  }
  assert.equal(defaultUntil({ enabled: true, days: 2 }, NOW), NOW + 2 * DAY);
  assert.equal(defaultUntil({ enabled: true, years: 1 }, NOW), Date.UTC(2031, 0, 1));
});

test('lock headers and retention documents', () => {
  const h = (o: Record<string, string>) => (n: string) => o[n];
  assert.equal(parseLockHeaders(h({})), undefined);
  assert.deepEqual(parseLockHeaders(h({ 'x-amz-object-lock-mode': 'COMPLIANCE', 'x-amz-object-lock-retain-until-date': '2030-01-02T00:00:00Z', 'x-amz-object-lock-legal-hold': 'ON' })), {
    mode: 'COMPLIANCE',
    until: NOW + DAY,
    hold: true,
  });
  const bads: Array<Record<string, string>> = [{ 'x-amz-object-lock-mode': 'GOVERNANCE' }, { 'x-amz-object-lock-retain-until-date': '2030-01-02T00:00:00Z' }, { 'x-amz-object-lock-legal-hold': 'on' }, { 'x-amz-object-lock-mode': 'X', 'x-amz-object-lock-retain-until-date': '2030-01-02T00:00:00Z' }, { 'x-amz-object-lock-mode': 'GOVERNANCE', 'x-amz-object-lock-retain-until-date': 'tomorrow' }];
  for (const bad of bads) {
    assert.equal(code(() => parseLockHeaders(h(bad))), 'InvalidArgument', JSON.stringify(bad));
  }
  assert.deepEqual(parseRetention('<Retention/>'), {});
  assert.equal(code(() => parseRetention('<Retention><Mode>GOVERNANCE</Mode></Retention>')), 'MalformedXML');
  assert.deepEqual(lockContext({ mode: 'GOVERNANCE', until: NOW + 2.5 * DAY, hold: false }, NOW), {
    's3:object-lock-mode': 'GOVERNANCE',
    's3:object-lock-retain-until-date': '2030-01-03T12:00:00.000Z',
    's3:object-lock-remaining-retention-days': '3',
    's3:object-lock-legal-hold': 'OFF',
  });
});

test('deletion and retention changes: COMPLIANCE only extends, GOVERNANCE yields to the bypass, holds to nothing, expiry frees', () => {
  const gov = { mode: 'GOVERNANCE' as const, until: NOW + DAY };
  const comp = { mode: 'COMPLIANCE' as const, until: NOW + DAY };
  const del: Array<[object, number, boolean, string]> = [
    [gov, NOW, false, 'AccessDenied'],
    [gov, NOW, true, 'ok'],
    [comp, NOW, true, 'AccessDenied'],
    [comp, NOW + DAY, false, 'ok'],
    [{ hold: true }, NOW, true, 'AccessDenied'],
    [{ ...comp, hold: true }, NOW + 2 * DAY, false, 'AccessDenied'],
  ];
  for (const [l, now, bypass, want] of del) assert.equal(code(() => assertDeletable(lock(l), now, bypass)), want, JSON.stringify([l, now - NOW, bypass]));
  const change: Array<[object, object, boolean, string]> = [
    [comp, { mode: 'COMPLIANCE', until: NOW + 2 * DAY }, false, 'ok'],
    [comp, { mode: 'COMPLIANCE', until: NOW + DAY / 2 }, true, 'AccessDenied'],
    [comp, { mode: 'GOVERNANCE', until: NOW + 2 * DAY }, true, 'AccessDenied'],
    [comp, {}, true, 'AccessDenied'],
    [gov, { mode: 'GOVERNANCE', until: NOW + 2 * DAY }, false, 'ok'],
    [gov, { mode: 'COMPLIANCE', until: NOW + 2 * DAY }, false, 'ok'],
    [gov, { mode: 'GOVERNANCE', until: NOW + DAY / 2 }, false, 'AccessDenied'],
    [gov, {}, false, 'AccessDenied'],
    [gov, {}, true, 'ok'],
    [{}, { mode: 'GOVERNANCE', until: NOW - 1 }, false, 'InvalidArgument'],
  ];
  for (const [cur, next, bypass, want] of change) assert.equal(code(() => changeRetention(cur, next, NOW, bypass)), want, JSON.stringify([cur, next, bypass]));
  assert.equal(changeRetention({ ...gov, hold: true }, {}, NOW, true), '{"hold":true}', 'removing retention keeps the legal hold');
});
