import { listEntityTags } from '../families.js';

/** iam:ListUserTags */
export default listEntityTags('user');
