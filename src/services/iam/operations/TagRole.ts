import { tagResource } from '../tagging.js';
import { roleTags } from '../taggables.js';

/** iam:TagRole */
export default tagResource(roleTags);
