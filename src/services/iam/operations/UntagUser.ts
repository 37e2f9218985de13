import { untagEntity } from '../families.js';

/** iam:UntagUser */
export default untagEntity('user');
