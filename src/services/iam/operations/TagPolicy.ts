import { tagResource } from '../tagging.js';
import { policyTags } from '../taggables.js';

/** iam:TagPolicy */
export default tagResource(policyTags);
