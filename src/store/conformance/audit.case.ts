/**
 * The conformance cases of the audit repository (CloudTrail records, LookupEvents' index, trails), run by
 * store/conformance.test.ts on every backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConformanceEnv } from './env.js';

/** The accounts of these cases only. */
const ACCOUNT = '933000000191';
const OTHER = '933000000192';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function event(n: number, at: number, management = 1, account = ACCOUNT) {
  const m = management === 1;
  return {
    event_id: id(n), account_id: account, event_time: at, management, record: `{"n":${n}}`, summary: `{"s":${n}}`,
    event_name: m ? (n === 2 ? 'CreateUser' : 'GetUser') : null, event_source: m ? 'iam.amazonaws.com' : null, read_only: m ? String(n !== 2) : null,
    username: m ? `u${n % 2}` : null, access_key_id: null, resource_name: m ? `r${n}` : null, resource_type: m ? 'AWS::IAM::User' : null,
  };
}

export function auditCases(env: ConformanceEnv): void {
  const audit = () => env.store.repos.audit;

  test('audit: records are appended with their attributes; lookups read newest first, by attribute, in a time range, paged by keyset', async () => {
    const events = [event(1, 1000), event(2, 2000), event(3, 2000), event(4, 3000), event(5, 4000, 0), event(6, 2500, 1, OTHER)];
    // Record 3 names a second resource (r1) and a second type; record 1's first resource is r1.
    const lookup = [
      { account_id: ACCOUNT, attr: 'ResourceName', value: 'r1', event_time: 2000, event_id: id(3) },
      { account_id: ACCOUNT, attr: 'ResourceType', value: 'AWS::IAM::AccessKey', event_time: 2000, event_id: id(3) },
    ];
    await env.store.transaction((r) => r.audit.append({ events, lookup }));
    const all = await audit().lookup({ accountId: ACCOUNT, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(all.map((r) => r.event_id), [id(4), id(3), id(2), id(1)], 'management events only, newest first, ties by id descending');
    assert.deepEqual([all[0]!.event_time, all[0]!.record, all[0]!.summary], [3000, '{"n":4}', '{"s":4}']);
    const page1 = await audit().lookup({ accountId: ACCOUNT, start: 0, end: 10_000, limit: 2 });
    const page2 = await audit().lookup({ accountId: ACCOUNT, start: 0, end: 10_000, limit: 2, before: { time: page1[1]!.event_time, id: page1[1]!.event_id } });
    assert.deepEqual([...page1, ...page2].map((r) => r.event_id), [id(4), id(3), id(2), id(1)]);
    const byName = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'EventName', value: 'GetUser' }, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(byName.map((r) => r.event_id), [id(4), id(3), id(1)]);
    const ranged = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'EventName', value: 'GetUser' }, start: 1500, end: 2000, limit: 10 });
    assert.deepEqual(ranged.map((r) => r.event_id), [id(3)], 'inclusive bounds');
    const pagedAttr = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'EventName', value: 'GetUser' }, start: 0, end: 10_000, limit: 10, before: { time: 2000, id: id(3) } });
    assert.deepEqual(pagedAttr.map((r) => r.event_id), [id(1)]);
    const byResource = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'ResourceName', value: 'r1' }, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(byResource.map((r) => r.event_id), [id(3), id(1)], 'a resource beyond the first found too, in order');
    const byResourceLimited = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'ResourceName', value: 'r1' }, start: 0, end: 10_000, limit: 1 });
    assert.deepEqual(byResourceLimited.map((r) => r.event_id), [id(3)]);
    const byResourcePaged = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'ResourceName', value: 'r1' }, start: 0, end: 10_000, limit: 10, before: { time: 2000, id: id(3) } });
    assert.deepEqual(byResourcePaged.map((r) => r.event_id), [id(1)]);
    const byType = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'ResourceType', value: 'AWS::IAM::AccessKey' }, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(byType.map((r) => r.event_id), [id(3)]);
    const byUser = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'Username', value: 'u1' }, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(byUser.map((r) => r.event_id), [id(3), id(1)], 'a data event (5) is never found by an attribute');
    const byReadOnly = await audit().lookup({ accountId: ACCOUNT, attr: { key: 'ReadOnly', value: 'false' }, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(byReadOnly.map((r) => r.event_id), [id(2)]);
    assert.deepEqual(await audit().lookup({ accountId: ACCOUNT, attr: { key: 'EventId', value: id(5) }, start: 0, end: 10_000, limit: 10 }), [], 'a data event is not found by its id');
    const byId = await audit().lookup({ accountId: OTHER, attr: { key: 'EventId', value: id(6) }, start: 0, end: 10_000, limit: 10 });
    assert.deepEqual(byId.map((r) => r.event_id), [id(6)], 'per account');
    assert.deepEqual(await audit().lookup({ accountId: ACCOUNT, attr: { key: 'EventId', value: id(6) }, start: 0, end: 10_000, limit: 10 }), []);
    const after = await audit().after(ACCOUNT, { time: 2000, id: id(2) }, 4000, 10);
    assert.deepEqual(after.map((r) => [r.event_id, r.management]), [[id(3), 1], [id(4), 1], [id(5), 0]], 'a delivery reads data events too, oldest first');
    assert.equal(await audit().deleteBefore(2000), 1);
    assert.deepEqual((await audit().lookup({ accountId: ACCOUNT, start: 0, end: 10_000, limit: 10 })).map((r) => r.event_id), [id(4), id(3), id(2)]);
    assert.deepEqual(await audit().lookup({ accountId: ACCOUNT, attr: { key: 'EventId', value: id(1) }, start: 0, end: 10_000, limit: 10 }), [], 'a deleted record is found by no attribute');
    assert.deepEqual((await audit().lookup({ accountId: ACCOUNT, attr: { key: 'ResourceName', value: 'r1' }, start: 0, end: 10_000, limit: 10 })).map((r) => r.event_id), [id(3)], 'the deleted record is gone, the kept one still found by its second resource');
  });

  test('audit: trails are created once, read, listed per account, updated and deleted', async () => {
    const row = {
      account_id: ACCOUNT, name: 'conf-trail', region: 'us-east-1', bucket: 'b', prefix: null, settings: '{}', logging: 0, created_at: 5,
      logging_changed_at: null, delivered_time: 0, delivered_id: '', last_delivery_at: null, last_delivery_error: null, delivery: null,
    };
    assert.equal(await audit().createTrail(row), true);
    assert.equal(await audit().createTrail({ ...row, bucket: 'other' }), false, 'a second create changes nothing');
    assert.deepEqual(await audit().getTrail(ACCOUNT, 'conf-trail'), row);
    assert.equal(await audit().updateTrail(ACCOUNT, 'conf-trail', { logging: 1, logging_changed_at: 9, delivered_time: 7, delivered_id: id(7) }), true);
    const t = await audit().getTrail(ACCOUNT, 'conf-trail');
    assert.deepEqual([t?.logging, t?.logging_changed_at, t?.delivered_time, t?.delivered_id], [1, 9, 7, id(7)]);
    assert.deepEqual((await audit().listTrails(ACCOUNT)).map((x) => x.name), ['conf-trail']);
    assert.deepEqual(await audit().listTrails(OTHER), []);
    assert.equal(await audit().updateTrail(ACCOUNT, 'nope', { logging: 1 }), false);
    assert.equal(await audit().deleteTrail(ACCOUNT, 'conf-trail'), true);
    assert.equal(await audit().deleteTrail(ACCOUNT, 'conf-trail'), false);
    assert.equal(await audit().getTrail(ACCOUNT, 'conf-trail'), undefined);
  });

  test('audit: digest signing keys are found by region and validity overlapping a range', async () => {
    const key = (fingerprint: string, from: number, to: number) => ({ region: 'eu-west-3', fingerprint, public_key: 'pk', private_key: 'sealed', valid_from: from, valid_to: to });
    await audit().addSigningKey(key('f1', 1000, 2000));
    await audit().addSigningKey(key('f2', 2000, 3000));
    await audit().addSigningKey({ ...key('f3', 1000, 3000), region: 'eu-west-2' });
    assert.deepEqual((await audit().signingKeys('eu-west-3', 0, 999)).map((k) => k.fingerprint), []);
    assert.deepEqual((await audit().signingKeys('eu-west-3', 1500, 1600)).map((k) => k.fingerprint), ['f1']);
    assert.deepEqual(await audit().signingKeys('eu-west-3', 1900, 2500), [key('f1', 1000, 2000), key('f2', 2000, 3000)]);
  });
}
