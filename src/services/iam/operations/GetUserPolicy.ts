import { getInlinePolicy } from '../families.js';

/** iam:GetUserPolicy — the inline policy, its document URL-encoded as AWS returns it. */
export default getInlinePolicy('user');
