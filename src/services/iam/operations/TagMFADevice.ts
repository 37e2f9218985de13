import { tagResource } from '../tagging.js';
import { mfaDeviceTags } from '../taggables.js';

/** iam:TagMFADevice */
export default tagResource(mfaDeviceTags);
