// The condition operator table (IAM User Guide, "IAM JSON policy elements: Condition operators").
import { stringEquals, stringEqualsIgnoreCase, stringLike, bool } from './string.js';
import { numeric } from './numeric.js';
import { date } from './date.js';
import { binaryEquals } from './binary.js';
import { ipAddress } from './ip.js';
import { arnLike } from './arn.js';
import { SET_FOR_ALL, SET_FOR_ANY, SET_NONE, type ValueMatcher } from './types.js';

export interface OperatorInfo {
  readonly negated: boolean;
  /** Whether policy variables are substituted in its values (String, ARN and Bool operators). */
  readonly variables: boolean;
  /** null for the Null operator. */
  readonly make: ((values: readonly string[], variables: boolean) => ValueMatcher) | null;
}

const op = (
  make: OperatorInfo['make'],
  negated = false,
  variables = false,
): OperatorInfo => ({ make, negated, variables });

export const OPERATORS: ReadonlyMap<string, OperatorInfo> = new Map<string, OperatorInfo>([
  ['StringEquals', op(stringEquals, false, true)],
  ['StringNotEquals', op(stringEquals, true, true)],
  ['StringEqualsIgnoreCase', op(stringEqualsIgnoreCase, false, true)],
  ['StringNotEqualsIgnoreCase', op(stringEqualsIgnoreCase, true, true)],
  ['StringLike', op(stringLike, false, true)],
  ['StringNotLike', op(stringLike, true, true)],
  ['NumericEquals', op(numeric('eq'))],
  ['NumericNotEquals', op(numeric('eq'), true)],
  ['NumericLessThan', op(numeric('lt'))],
  ['NumericLessThanEquals', op(numeric('le'))],
  ['NumericGreaterThan', op(numeric('gt'))],
  ['NumericGreaterThanEquals', op(numeric('ge'))],
  ['DateEquals', op(date('eq'))],
  ['DateNotEquals', op(date('eq'), true)],
  ['DateLessThan', op(date('lt'))],
  ['DateLessThanEquals', op(date('le'))],
  ['DateGreaterThan', op(date('gt'))],
  ['DateGreaterThanEquals', op(date('ge'))],
  ['Bool', op(bool, false, true)],
  ['BinaryEquals', op(binaryEquals)],
  ['IpAddress', op(ipAddress)],
  ['NotIpAddress', op(ipAddress, true)],
  ['ArnEquals', op(arnLike, false, true)],
  ['ArnLike', op(arnLike, false, true)],
  ['ArnNotEquals', op(arnLike, true, true)],
  ['ArnNotLike', op(arnLike, true, true)],
  ['Null', op(null)],
]);

export interface ParsedOperator {
  readonly base: string;
  readonly info: OperatorInfo;
  readonly set: 0 | 1 | 2;
  readonly ifExists: boolean;
}

/** Splits 'ForAnyValue:StringLikeIfExists' into its parts; null for an unknown operator. */
export function parseOperator(name: string): ParsedOperator | null {
  let rest = name;
  let set: 0 | 1 | 2 = SET_NONE;
  if (rest.startsWith('ForAllValues:')) (set = SET_FOR_ALL), (rest = rest.slice(13));
  else if (rest.startsWith('ForAnyValue:')) (set = SET_FOR_ANY), (rest = rest.slice(12));
  let ifExists = false;
  let info = OPERATORS.get(rest);
  if (!info && rest.endsWith('IfExists')) {
    info = OPERATORS.get(rest.slice(0, -8));
    ifExists = true;
    if (info && info.make === null) return null; // NullIfExists does not exist
  }
  if (!info) return null;
  if (info.make === null && set !== SET_NONE) return null;
  return { base: ifExists ? rest.slice(0, -8) : rest, info, set, ifExists };
}
