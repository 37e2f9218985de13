// String operators, table-driven. IAM User Guide, "Condition operators", String condition operators:
// StringEquals / StringNotEquals are exact and case-sensitive; ...IgnoreCase ignore case; StringLike /
// StringNotLike are case-sensitive and "can include multi-character match wildcards (*) and single-character
// match wildcards (?) anywhere in the string". Several policy values are ORed (negated: none may match).
// Policy variables and multi-valued keys are in condition.test.ts and ../variables.test.ts.
import { MISSING, table } from './conditionTable.testkit.js';

table([
  ['StringEquals', 'bob', 'bob', true, 'exact match'],
  ['StringEquals', 'bob', 'Bob', false, 'case-sensitive'],
  ['StringEquals', 'bob', 'bob ', false, 'no trimming'],
  ['StringEquals', 'b*', 'bob', false, 'no wildcards: * is literal'],
  ['StringEquals', 'b*', 'b*', true, 'the literal * matches itself'],
  ['StringEquals', ['a', 'bob'], 'bob', true, 'several values are ORed'],
  ['StringEquals', '', '', true, 'the empty string equals itself'],
  ['StringEquals', 'bob', MISSING, false, 'key absent: no match'],

  ['StringNotEquals', 'bob', 'alice', true, 'different value'],
  ['StringNotEquals', 'bob', 'bob', false, 'same value'],
  ['StringNotEquals', 'bob', 'BOB', true, 'case-sensitive'],
  ['StringNotEquals', ['a', 'b'], 'b', false, 'none of the values may match'],
  ['StringNotEquals', 'bob', MISSING, true, 'key absent: a negated operator is true'],

  ['StringEqualsIgnoreCase', 'BoB', 'bOb', true, 'case ignored'],
  ['StringEqualsIgnoreCase', 'bob', 'bobby', false, 'still a whole-string match'],
  ['StringEqualsIgnoreCase', 'b?b', 'bob', false, 'no wildcards'],
  ['StringEqualsIgnoreCase', 'bob', MISSING, false, 'key absent'],

  ['StringNotEqualsIgnoreCase', 'BOB', 'bob', false, 'equal ignoring case'],
  ['StringNotEqualsIgnoreCase', 'BOB', 'alice', true, 'different'],
  ['StringNotEqualsIgnoreCase', 'BOB', MISSING, true, 'key absent: negated is true'],

  ['StringLike', 'home/*', 'home/bob/x', true, '* spans any characters, / included'],
  ['StringLike', 'home/*', 'home/', true, '* matches the empty string'],
  ['StringLike', 'home/*', 'Home/bob', false, 'case-sensitive'],
  ['StringLike', 'b?b', 'bob', true, '? matches one character'],
  ['StringLike', 'b?b', 'bb', false, '? needs exactly one character'],
  ['StringLike', 'b?b', 'boob', false, '? is not two characters'],
  ['StringLike', '*bob*', 'xxbobxx', true, 'wildcards on both ends'],
  ['StringLike', 'a*b*c', 'aXXbYYc', true, 'several * in one pattern'],
  ['StringLike', 'a*b*c', 'aXXcYYb', false, 'order matters'],
  ['StringLike', '*', '', true, '* alone matches the empty string'],
  ['StringLike', 'abc', 'abcd', false, 'no wildcard: whole-string match'],
  ['StringLike', ['x*', 'b*'], 'bob', true, 'values ORed'],
  ['StringLike', 'b*', MISSING, false, 'key absent'],

  ['StringNotLike', 'home/*', 'other', true, 'no match'],
  ['StringNotLike', 'home/*', 'home/a', false, 'match'],
  ['StringNotLike', ['a*', 'b*'], 'bob', false, 'none may match'],
  ['StringNotLike', 'home/*', MISSING, true, 'key absent: negated is true'],
]);
