import { tagResource } from '../tagging.js';
import { samlProviderTags } from '../taggables.js';

/** iam:TagSAMLProvider */
export default tagResource(samlProviderTags);
