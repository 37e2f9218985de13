import { tagResource } from '../tagging.js';
import { instanceProfileTags } from '../taggables.js';

/** iam:TagInstanceProfile */
export default tagResource(instanceProfileTags);
