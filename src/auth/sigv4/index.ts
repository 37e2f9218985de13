// The names the rest of the server uses from SigV4 (each checked with grep; import anything else from its own file).
export type { ParsedSignature, SignedRequest, SigningDialect } from './types.js';
export { parseAuthorizationHeader } from './parseAuthorizationHeader.js';
export { parsePresignedQuery } from './parsePresignedQuery.js';
export { getCanonicalRequest } from './getCanonicalRequest.js';
export { getCanonicalUri } from './getCanonicalUri.js';
export { getCanonicalQuery } from './getCanonicalQuery.js';
export { getStringToSign, getCredentialScope, SIGV4_ALGORITHM } from './getStringToSign.js';
export { getSigningKey } from './getSigningKey.js';
export { computeSignature } from './computeSignature.js';
export { verifySignature } from './verifySignature.js';
export { createPayloadHashVerifier, type PayloadHashVerifier } from './createPayloadHashVerifier.js';
export { classifyContentSha256, UNSIGNED_PAYLOAD } from './contentSha256.js';
export { createAwsChunkedDecoder, type AwsChunkedDecoder } from './createAwsChunkedDecoder.js';
export { detectAuthType } from './detectAuthType.js';
export { sha256Hex, EMPTY_SHA256 } from './sha256Hex.js';
export { getHeader, repeatedHeader } from './getHeader.js';
export { uriEncode } from './uriEncode.js';
export { toAmzDate, parseAmzDate } from './amzDate.js';
