import { listEntityTags } from '../families.js';

/** iam:ListRoleTags */
export default listEntityTags('role');
