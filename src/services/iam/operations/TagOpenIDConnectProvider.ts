import { tagResource } from '../tagging.js';
import { oidcProviderTags } from '../taggables.js';

/** iam:TagOpenIDConnectProvider */
export default tagResource(oidcProviderTags);
