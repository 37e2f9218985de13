import { listResourceTags } from '../tagging.js';
import { mfaDeviceTags } from '../taggables.js';

/** iam:ListMFADeviceTags */
export default listResourceTags(mfaDeviceTags);
