import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDateValue } from './isoDate.js';

const table: Array<[string, boolean]> = [
  ['2019-07-01T13:20:15Z', true],
  ['2016-12-13T21:20:37.593194+00:00', true],
  ['2016-12-13t2:00:00.593194+23', true],
  ['2017-12-31T23:59:59Z', true],
  ['2020-02-29', true],
  ['2021-02-29', false],
  ['2020', true],
  ['01T', true],
  ['2020-123', true],
  ['2020-W05-3', true],
  ['T10:00Z', true],
  ['-292275054', true],
  ['1700000000', true],
  ['1700000000.5', true],
  ['9223372036854775807', true],
  ['9223372036854775808', false],
  ['sdfdsf', false],
  ['234-13', false],
  ['2016-12-13t2:00:00.593194+1', false],
  ['2016-12-13t2:00:00.1999999999+10:59', false],
  ['2020-01-01T24:00:00Z', false],
  ['', false],
];

for (const [value, valid] of table) test(`Date value ${JSON.stringify(value)}: ${valid}`, () => assert.equal(isDateValue(value), valid));
