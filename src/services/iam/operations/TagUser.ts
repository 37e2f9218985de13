import { tagResource } from '../tagging.js';
import { userTags } from '../taggables.js';

/** iam:TagUser */
export default tagResource(userTags);
