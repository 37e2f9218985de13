import { attachPolicy } from '../families.js';

/** iam:AttachUserPolicy — at most 10 managed policies per entity (LimitExceeded). */
export default attachPolicy('user');
