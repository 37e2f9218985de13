import { tagEntity } from '../families.js';

/** iam:TagRole */
export default tagEntity('role');
