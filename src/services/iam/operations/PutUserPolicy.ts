import { putInlinePolicy } from '../families.js';

/** iam:PutUserPolicy — adds or replaces an inline policy (size quota counted without whitespace). */
export default putInlinePolicy('user');
