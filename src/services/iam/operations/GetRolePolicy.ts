import { getInlinePolicy } from '../families.js';

/** iam:GetRolePolicy — the inline policy, its document URL-encoded as AWS returns it. */
export default getInlinePolicy('role');
