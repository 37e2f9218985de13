// Bool, table-driven. IAM User Guide, "Condition operators", Boolean condition operators: "true" or "false",
// compared without regard to case; a JSON boolean in the policy is the same as its string.
import { MISSING, table } from './conditionTable.testkit.js';

table([
  ['Bool', 'true', 'true', true, 'true matches true'],
  ['Bool', true, 'true', true, 'a JSON boolean in the policy'],
  ['Bool', 'false', 'false', true, 'false matches false'],
  ['Bool', false, 'false', true, 'JSON false'],
  ['Bool', 'true', 'false', false, 'true does not match false'],
  ['Bool', 'false', 'true', false, 'false does not match true'],
  ['Bool', 'true', 'TRUE', true, 'case ignored'],
  ['Bool', 'True', 'true', true, 'case ignored in the policy'],
  ['Bool', 'true', 'yes', false, 'only true/false'],
  ['Bool', 'false', MISSING, false, 'key absent: even "false" does not match (use BoolIfExists or Null)'],
  ['BoolIfExists', 'false', MISSING, true, 'key absent with IfExists: true'],
  ['BoolIfExists', 'false', 'true', false, 'key present with IfExists: compared as usual'],
]);
