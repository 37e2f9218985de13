import { untagResource } from '../tagging.js';
import { policyTags } from '../taggables.js';

/** iam:UntagPolicy */
export default untagResource(policyTags);
