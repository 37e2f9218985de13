// BinaryEquals, table-driven. IAM User Guide, "Condition operators", Binary condition operators: byte-for-byte
// comparison of base-64 encoded values.
import { MISSING, table } from './conditionTable.testkit.js';

const V = 'QmluYXJ5VmFsdWVJbkJhc2U2NA=='; // "BinaryValueInBase64"

table([
  ['BinaryEquals', V, V, true, 'same bytes'],
  ['BinaryEquals', V, 'QmluYXJ5', false, 'a prefix is different bytes'],
  ['BinaryEquals', 'AQID', 'AQID', true, 'bytes 01 02 03'],
  ['BinaryEquals', 'AQID', 'AQIE', false, 'one byte differs'],
  ['BinaryEquals', 'YQ==', 'yq==', false, 'base-64 is case-sensitive: different bytes'],
  ['BinaryEquals', V, 'not base64!', false, 'not base-64: no match'],
  ['BinaryEquals', ['AQID', V], V, true, 'values ORed'],
  ['BinaryEquals', V, MISSING, false, 'key absent'],
  ['BinaryEqualsIfExists', V, MISSING, true, 'key absent with IfExists'],
]);
