import { untagResource } from '../tagging.js';
import { roleTags } from '../taggables.js';

/** iam:UntagRole */
export default untagResource(roleTags);
