export * from './types.js';
export { getCanonicalizedAmzHeaders } from './getCanonicalizedAmzHeaders.js';
export { getCanonicalizedResource, SIGNED_SUBRESOURCES } from './getCanonicalizedResource.js';
export { getStringToSignV2 } from './getStringToSignV2.js';
export { computeSignatureV2 } from './computeSignatureV2.js';
export { parseAuthorizationHeaderV2 } from './parseAuthorizationHeaderV2.js';
export { parsePresignedQueryV2 } from './parsePresignedQueryV2.js';
export { verifySignatureV2, type VerifyV2Options, type VerifyV2Result } from './verifySignatureV2.js';
