import { tagResource } from '../tagging.js';
import { serverCertificateTags } from '../taggables.js';

/** iam:TagServerCertificate */
export default tagResource(serverCertificateTags);
