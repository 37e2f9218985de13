import { detachPolicy } from '../families.js';

/** iam:DetachUserPolicy */
export default detachPolicy('user');
