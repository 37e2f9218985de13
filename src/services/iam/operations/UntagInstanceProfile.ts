import { untagResource } from '../tagging.js';
import { instanceProfileTags } from '../taggables.js';

/** iam:UntagInstanceProfile */
export default untagResource(instanceProfileTags);
