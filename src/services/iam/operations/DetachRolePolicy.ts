import { detachPolicy } from '../families.js';

/** iam:DetachRolePolicy */
export default detachPolicy('role');
