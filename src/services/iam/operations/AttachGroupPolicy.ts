import { attachPolicy } from '../families.js';

/** iam:AttachGroupPolicy — at most 10 managed policies per entity (LimitExceeded). */
export default attachPolicy('group');
