import { putInlinePolicy } from '../families.js';

/** iam:PutGroupPolicy — adds or replaces an inline policy (size quota counted without whitespace). */
export default putInlinePolicy('group');
