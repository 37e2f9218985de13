// Numeric operators, table-driven. IAM User Guide, "Condition operators", Numeric condition operators
// (NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan,
// NumericGreaterThanEquals). A request value that is not a number never matches (a negated operator is then
// true); a policy value that is not one is refused ("The policy failed legacy parsing").
import { MISSING, table } from './conditionTable.testkit.js';

table([
  ['NumericEquals', '10', '10', true, 'equal integers'],
  ['NumericEquals', 10, '10', true, 'a JSON number in the policy'],
  ['NumericEquals', '1.5', '1.50', true, 'decimals compare by value'],
  ['NumericEquals', '10', '010', true, 'leading zeros'],
  ['NumericEquals', '-3', '-3.0', true, 'negative numbers'],
  ['NumericEquals', '1', 'one', false, 'a request value that is not a number: no match'],
  ['NumericEquals', '1', '', false, 'an empty request value: no match'],
  ['NumericEquals', '1', '0x1', false, 'hexadecimal is not a number here'],
  ['NumericEquals', '1', MISSING, false, 'key absent'],

  ['NumericNotEquals', '1', '2', true, 'different'],
  ['NumericNotEquals', '1', '1.0', false, 'equal by value'],
  ['NumericNotEquals', '1', 'one', true, 'not a number: no match, so the negation holds'],
  ['NumericNotEquals', '1', MISSING, true, 'key absent: negated is true'],

  ['NumericLessThan', '10', '9', true, 'below'],
  ['NumericLessThan', '10', '10', false, 'equal is not less'],
  ['NumericLessThan', '10', '9.999', true, 'decimal below'],
  ['NumericLessThan', '10', 'nine', false, 'not a number'],
  ['NumericLessThan', '10', MISSING, false, 'key absent'],

  ['NumericLessThanEquals', '10', '10', true, 'equal'],
  ['NumericLessThanEquals', '10', '11', false, 'above'],

  ['NumericGreaterThan', '3600', '3601', true, 'above'],
  ['NumericGreaterThan', '3600', '3600', false, 'equal is not greater'],
  ['NumericGreaterThan', '-1', '0', true, 'negative bound'],

  ['NumericGreaterThanEquals', '3600', '3600', true, 'equal'],
  ['NumericGreaterThanEquals', '3600', '3599', false, 'below'],
  ['NumericGreaterThanEquals', '3600', MISSING, false, 'key absent'],
]);
