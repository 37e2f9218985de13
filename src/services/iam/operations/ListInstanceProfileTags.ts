import { listResourceTags } from '../tagging.js';
import { instanceProfileTags } from '../taggables.js';

/** iam:ListInstanceProfileTags */
export default listResourceTags(instanceProfileTags);
