import { listResourceTags } from '../tagging.js';
import { userTags } from '../taggables.js';

/** iam:ListUserTags */
export default listResourceTags(userTags);
