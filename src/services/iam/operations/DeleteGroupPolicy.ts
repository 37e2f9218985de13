import { deleteInlinePolicy } from '../families.js';

/** iam:DeleteGroupPolicy */
export default deleteInlinePolicy('group');
