import { listResourceTags } from '../tagging.js';
import { samlProviderTags } from '../taggables.js';

/** iam:ListSAMLProviderTags */
export default listResourceTags(samlProviderTags);
