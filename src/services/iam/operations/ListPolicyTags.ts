import { listResourceTags } from '../tagging.js';
import { policyTags } from '../taggables.js';

/** iam:ListPolicyTags */
export default listResourceTags(policyTags);
