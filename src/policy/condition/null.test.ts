// Null, table-driven. IAM User Guide, "Condition operators", Condition operator to check existence of
// condition keys: "true" means the key does not exist (it is null), "false" that it exists and its value is
// not null. A multi-valued key with no values counts as absent.
import { MISSING, table } from './conditionTable.testkit.js';

table([
  ['Null', 'true', MISSING, true, 'true: the key is absent'],
  ['Null', 'true', 'x', false, 'true: the key is present'],
  ['Null', 'false', 'x', true, 'false: the key is present'],
  ['Null', 'false', MISSING, false, 'false: the key is absent'],
  ['Null', true, MISSING, true, 'a JSON boolean'],
  ['Null', false, 'x', true, 'JSON false'],
  ['Null', 'TRUE', MISSING, true, 'case ignored'],
  ['Null', 'true', '', false, 'an empty string is a value: present'],
  ['Null', 'true', [], true, 'an empty list: absent'],
  ['Null', 'false', ['a', 'b'], true, 'a multi-valued key with values: present'],
]);
