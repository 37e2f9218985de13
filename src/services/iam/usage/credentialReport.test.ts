/** The credential report's cell rules (AWS's values): a table per column group. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessKeysTable } from '../../../store/schema.js';
import { COLUMNS, keyColumns, passwordColumns, reportDate } from './credentialReport.js';

const key = (over: Partial<AccessKeysTable>): AccessKeysTable => ({
  access_key_id: 'AKIA', account_id: '1', principal_type: 'user', user_id: 'u', user_name: 'u', secret_cipher: '', status: 'Active',
  created_at: Date.UTC(2024, 0, 2, 3, 4, 5), last_used_at: null, last_used_service: null, last_used_region: null, ...over,
});

test('reportDate: ISO 8601 to the second with +00:00', () => assert.equal(reportDate(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02T03:04:05+00:00'));

test('COLUMNS: AWS\'s 22 columns in AWS\'s order', () => {
  assert.equal(COLUMNS.length, 22);
  assert.deepEqual([COLUMNS[0], COLUMNS[7], COLUMNS[12], COLUMNS[21]], ['user', 'mfa_active', 'access_key_1_last_used_service', 'cert_2_last_rotated']);
});

const keyTable: Array<[string, AccessKeysTable | undefined, string[]]> = [
  ['no key', undefined, ['false', 'N/A', 'N/A', 'N/A', 'N/A']],
  ['active, never used', key({}), ['true', '2024-01-02T03:04:05+00:00', 'N/A', 'N/A', 'N/A']],
  ['inactive, used', key({ status: 'Inactive', last_used_at: Date.UTC(2024, 5, 1), last_used_service: 's3', last_used_region: 'eu-west-1' }), ['false', '2024-01-02T03:04:05+00:00', '2024-06-01T00:00:00+00:00', 'eu-west-1', 's3']],
];
for (const [name, k, want] of keyTable) test(`keyColumns: ${name}`, () => assert.deepEqual(keyColumns(k), want));

const pwTable: Array<[string, Parameters<typeof passwordColumns>, string[]]> = [
  ['no password', [undefined, null, 90], ['false', 'N/A', 'N/A', 'N/A']],
  ['password never used, no max age', [{ changed_at: Date.UTC(2024, 0, 1) }, null, undefined], ['true', 'no_information', '2024-01-01T00:00:00+00:00', 'N/A']],
  ['password used, max age 30 days', [{ changed_at: Date.UTC(2024, 0, 1) }, Date.UTC(2024, 0, 5), 30], ['true', '2024-01-05T00:00:00+00:00', '2024-01-01T00:00:00+00:00', '2024-01-31T00:00:00+00:00']],
];
for (const [name, args, want] of pwTable) test(`passwordColumns: ${name}`, () => assert.deepEqual(passwordColumns(...args), want));
