import { tagEntity } from '../families.js';

/** iam:TagUser */
export default tagEntity('user');
