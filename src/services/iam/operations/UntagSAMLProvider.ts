import { untagResource } from '../tagging.js';
import { samlProviderTags } from '../taggables.js';

/** iam:UntagSAMLProvider */
export default untagResource(samlProviderTags);
