import { getInlinePolicy } from '../families.js';

/** iam:GetGroupPolicy — the inline policy, its document URL-encoded as AWS returns it. */
export default getInlinePolicy('group');
