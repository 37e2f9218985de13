import { untagResource } from '../tagging.js';
import { userTags } from '../taggables.js';

/** iam:UntagUser */
export default untagResource(userTags);
