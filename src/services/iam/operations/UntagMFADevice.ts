import { untagResource } from '../tagging.js';
import { mfaDeviceTags } from '../taggables.js';

/** iam:UntagMFADevice */
export default untagResource(mfaDeviceTags);
