import { untagEntity } from '../families.js';

/** iam:UntagRole */
export default untagEntity('role');
