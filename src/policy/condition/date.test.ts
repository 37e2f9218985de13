// Date operators, table-driven. IAM User Guide, "Condition operators", Date condition operators: values are
// one of the W3C profiles of ISO 8601 (e.g. 2020-01-01, 2020-01-01T00:00:00Z) or epoch (UNIX) time in
// seconds, and the two forms compare by the instant they name. A request value that is not a date never matches
// (a policy value that is not one is refused: grammar/isoDate.ts).
import { MISSING, table } from './conditionTable.testkit.js';

const T = '2020-01-01T00:00:00Z'; // = epoch 1577836800

table([
  ['DateEquals', T, T, true, 'same instant'],
  ['DateEquals', '1577836800', T, true, 'epoch seconds in the policy vs ISO 8601 in the request'],
  ['DateEquals', T, '1577836800', true, 'ISO 8601 in the policy vs epoch seconds in the request'],
  ['DateEquals', '2020-01-01', T, true, 'a date alone is midnight UTC'],
  ['DateEquals', '2020-01-01T01:00:00+01:00', T, true, 'a zone offset names the same instant'],
  ['DateEquals', '2020-01-01T00:00:00.000Z', T, true, 'fractional seconds'],
  ['DateEquals', T, '2020-01-01T00:00:01Z', false, 'one second apart'],
  ['DateEquals', T, 'yesterday', false, 'not a date: no match'],
  ['DateEquals', T, MISSING, false, 'key absent'],

  ['DateNotEquals', T, '2020-06-01T00:00:00Z', true, 'different'],
  ['DateNotEquals', '1577836800', T, false, 'same instant in the other form'],
  ['DateNotEquals', T, MISSING, true, 'key absent: negated is true'],

  ['DateLessThan', T, '2019-12-31T23:59:59Z', true, 'before'],
  ['DateLessThan', T, T, false, 'equal is not before'],
  ['DateLessThan', '1577836800', '1577836799', true, 'epoch on both sides'],
  ['DateLessThan', '1577836800', '2019-12-31T23:59:59Z', true, 'epoch policy, ISO request'],

  ['DateLessThanEquals', T, T, true, 'equal'],
  ['DateLessThanEquals', T, '2020-01-01T00:00:01Z', false, 'after'],

  ['DateGreaterThan', '2020-01-01T00:00:01Z', '2020-06-01T00:00:00Z', true, 'after'],
  ['DateGreaterThan', '1577836800', '2020-01-01T00:00:01Z', true, 'epoch policy vs ISO request, one second later'],
  ['DateGreaterThan', '1577836800', '1577836801', true, 'epoch request'],
  ['DateGreaterThan', T, T, false, 'equal is not after'],
  ['DateGreaterThan', T, 'not-a-date', false, 'not a date'],
  ['DateGreaterThan', T, MISSING, false, 'key absent'],

  ['DateGreaterThanEquals', T, '1577836800', true, 'equal across forms'],
  ['DateGreaterThanEquals', T, '2019-12-31', false, 'the day before'],
]);
