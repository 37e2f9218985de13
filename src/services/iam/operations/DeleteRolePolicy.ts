import { deleteInlinePolicy } from '../families.js';

/** iam:DeleteRolePolicy */
export default deleteInlinePolicy('role');
