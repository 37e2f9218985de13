import { putInlinePolicy } from '../families.js';

/** iam:PutRolePolicy — adds or replaces an inline policy (size quota counted without whitespace). */
export default putInlinePolicy('role');
