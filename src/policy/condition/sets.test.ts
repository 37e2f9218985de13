// ...IfExists and the set operators ForAllValues / ForAnyValue, table-driven. IAM User Guide:
//  - "Condition operators", ...IfExists: "If the key is not present, evaluate the condition element as true";
//    a present key is compared as the operator says.
//  - "Single-valued vs. multivalued context keys": ForAllValues is true when every request value matches some
//    policy value, and "also returns true if there are no context keys in the request" (or an empty set);
//    ForAnyValue is true when at least one request value matches, and false when the key is absent.
//  - "Condition operators", Important: a missing key makes the condition false, except a negated operator
//    (true), ...IfExists and Null.
import { MISSING, table } from './conditionTable.testkit.js';

table([
  ['StringEqualsIfExists', 'bob', MISSING, true, 'absent: true'],
  ['StringEqualsIfExists', 'bob', 'bob', true, 'present and equal'],
  ['StringEqualsIfExists', 'bob', 'alice', false, 'present and different'],
  ['StringNotEqualsIfExists', 'bob', MISSING, true, 'negated, absent: true'],
  ['StringNotEqualsIfExists', 'bob', 'bob', false, 'negated, present and equal'],
  ['StringLikeIfExists', 'a*', MISSING, true, 'absent'],
  ['NumericLessThanIfExists', '10', MISSING, true, 'absent'],
  ['NumericLessThanIfExists', '10', '11', false, 'present and not less'],
  ['DateGreaterThanIfExists', '2020-01-01', MISSING, true, 'absent'],
  ['IpAddressIfExists', '10.0.0.0/8', MISSING, true, 'absent'],
  ['IpAddressIfExists', '10.0.0.0/8', '11.0.0.1', false, 'present and outside'],
  ['NotIpAddressIfExists', '10.0.0.0/8', '10.0.0.1', false, 'negated, present and inside'],
  ['ArnLikeIfExists', 'arn:aws:iam::*:role/*', MISSING, true, 'absent'],
  ['ArnLikeIfExists', 'arn:aws:iam::*:role/*', 'arn:aws:iam::1:user/u', false, 'present, no match'],

  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b'], true, 'every request value is allowed'],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a'], true, 'a subset'],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false, 'c is not allowed'],
  ['ForAllValues:StringEquals', ['a', 'b'], MISSING, true, 'absent key: true'],
  ['ForAllValues:StringEquals', ['a', 'b'], [], true, 'empty set: true'],
  ['ForAllValues:StringLike', 'Created*', ['CreatedBy', 'CreatedAt'], true, 'wildcards per value'],
  ['ForAllValues:StringNotEquals', ['a', 'b'], ['c', 'd'], true, 'negated: no value may be in the list'],
  ['ForAllValues:StringNotEquals', ['a', 'b'], ['c', 'a'], false, 'negated: a is in the list'],
  ['ForAllValues:StringNotEquals', ['a'], MISSING, true, 'negated, absent: true'],
  ['ForAllValues:NumericLessThan', '10', ['1', '9'], true, 'every number below'],
  ['ForAllValues:NumericLessThan', '10', ['1', '10'], false, 'one is not below'],
  ['ForAllValues:IpAddress', '10.0.0.0/8', ['10.0.0.1', '10.9.9.9'], true, 'every address in range'],
  ['ForAllValues:ArnLike', 'arn:aws:iam::1:role/*', ['arn:aws:iam::1:role/a', 'arn:aws:iam::1:user/b'], false, 'one ARN outside'],
  ['ForAllValues:Bool', 'true', ['true', 'TRUE'], true, 'Bool per value'],

  ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'b'], true, 'one request value matches'],
  ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'y'], false, 'none matches'],
  ['ForAnyValue:StringEquals', ['a'], MISSING, false, 'absent key: false'],
  ['ForAnyValue:StringEquals', ['a'], [], false, 'empty set: false'],
  ['ForAnyValue:StringLike', ['ID', 'Post*'], ['UserName', 'PostDateTime'], true, 'wildcard match on one value'],
  ['ForAnyValue:StringNotEquals', ['a'], ['a', 'c'], true, 'negated: some value is not in the list'],
  ['ForAnyValue:StringNotEquals', ['a'], ['a'], false, 'negated: every value is in the list'],
  ['ForAnyValue:StringNotEquals', ['a'], MISSING, false, 'negated, absent: false'],
  ['ForAnyValue:DateLessThan', '2020-01-01', ['2021-01-01', '2019-06-01'], true, 'one date before'],
  ['ForAnyValue:NumericEquals', '5', ['4', 'five'], false, 'no number equal; a non-number never matches'],

  ['StringEquals', 'a', ['b', 'a'], true, 'no qualifier on a multi-valued key: as ForAnyValue'],
  ['StringNotEquals', 'a', ['b', 'a'], false, 'no qualifier, negated: no request value may match'],
  ['StringNotEquals', 'a', ['b', 'c'], true, 'no qualifier, negated: none matches'],
]);
