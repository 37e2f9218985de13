import { untagResource } from '../tagging.js';
import { oidcProviderTags } from '../taggables.js';

/** iam:UntagOpenIDConnectProvider */
export default untagResource(oidcProviderTags);
