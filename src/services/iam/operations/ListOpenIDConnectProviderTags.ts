import { listResourceTags } from '../tagging.js';
import { oidcProviderTags } from '../taggables.js';

/** iam:ListOpenIDConnectProviderTags */
export default listResourceTags(oidcProviderTags);
