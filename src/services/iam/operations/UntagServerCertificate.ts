import { untagResource } from '../tagging.js';
import { serverCertificateTags } from '../taggables.js';

/** iam:UntagServerCertificate */
export default untagResource(serverCertificateTags);
