// ARN operators, table-driven. IAM User Guide, "Condition operators", Amazon Resource Name (ARN) condition
// operators: ArnEquals and ArnLike are the same test, "case-sensitive matching of the ARN. Each of the six
// colon-delimited components of the ARN is checked separately and each can include multi-character match
// wildcards (*) or single-character match wildcards (?)". ArnNotEquals / ArnNotLike negate it.
import { MISSING, table } from './conditionTable.testkit.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:topic';

table([
  ['ArnEquals', TOPIC, TOPIC, true, 'identical'],
  ['ArnEquals', 'arn:aws:sns:*:123456789012:*', TOPIC, true, 'ArnEquals takes wildcards too (same as ArnLike)'],
  ['ArnEquals', TOPIC, TOPIC.replace('sns', 'SNS'), false, 'case-sensitive'],
  ['ArnEquals', TOPIC, MISSING, false, 'key absent'],

  ['ArnLike', 'arn:aws:sns:*:123456789012:*', TOPIC, true, '* per component'],
  ['ArnLike', 'arn:aws:sns:us-east-?:123456789012:topic', TOPIC, true, '? is one character'],
  ['ArnLike', 'arn:aws:sns:us-east-?:123456789012:topic', 'arn:aws:sns:us-east-10:123456789012:topic', false, '? is not two characters'],
  ['ArnLike', 'arn:aws:sns:*:123456789012:*', 'arn:aws:sns:us-east-1:999:x:123456789012:y', false, 'a * does not swallow colons to line components up'],
  ['ArnLike', 'arn:aws:iam::123456789012:role/*', 'arn:aws:iam::123456789012:role/path/admin', true, 'the resource component may hold / and :-free paths'],
  ['ArnLike', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b', true, 'the last component keeps its own colons'],
  ['ArnLike', 'arn:aws:iam::*:role/admin', 'arn:aws:iam::123456789012:role/Admin', false, 'case-sensitive resource'],
  ['ArnLike', 'arn:aws:iam::*:role/admin', 'not-an-arn', false, 'not an ARN'],
  ['ArnLike', TOPIC, MISSING, false, 'key absent'],

  ['ArnNotEquals', TOPIC, 'arn:aws:sns:us-east-1:123456789012:other', true, 'different'],
  ['ArnNotEquals', TOPIC, TOPIC, false, 'same'],
  ['ArnNotLike', 'arn:aws:iam::*:role/admin', 'arn:aws:iam::1:role/dev', true, 'no match'],
  ['ArnNotLike', 'arn:aws:iam::*:role/*', 'arn:aws:iam::1:role/dev', false, 'match'],
  ['ArnNotLike', 'arn:aws:sns:*:1:t', MISSING, true, 'key absent: negated is true'],
]);
