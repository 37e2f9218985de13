import { listResourceTags } from '../tagging.js';
import { serverCertificateTags } from '../taggables.js';

/** iam:ListServerCertificateTags */
export default listResourceTags(serverCertificateTags);
