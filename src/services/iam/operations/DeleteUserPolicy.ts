import { deleteInlinePolicy } from '../families.js';

/** iam:DeleteUserPolicy */
export default deleteInlinePolicy('user');
