import { detachPolicy } from '../families.js';

/** iam:DetachGroupPolicy */
export default detachPolicy('group');
