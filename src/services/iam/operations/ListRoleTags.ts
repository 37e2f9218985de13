import { listResourceTags } from '../tagging.js';
import { roleTags } from '../taggables.js';

/** iam:ListRoleTags */
export default listResourceTags(roleTags);
