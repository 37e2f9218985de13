export * from './types.js';
export { parseAuthorizationHeader, type ParseOptions } from './parseAuthorizationHeader.js';
export { parsePresignedQuery, MAX_PRESIGNED_EXPIRES } from './parsePresignedQuery.js';
export { parseCredential, type CredentialScope } from './parseCredential.js';
export { getCanonicalRequest } from './getCanonicalRequest.js';
export { getCanonicalUri } from './getCanonicalUri.js';
export { getCanonicalQuery } from './getCanonicalQuery.js';
export { getCanonicalHeaders, canonicalHeaderValue } from './getCanonicalHeaders.js';
export { getStringToSign, getCredentialScope, SIGV4_ALGORITHM } from './getStringToSign.js';
export { getSigningKey } from './getSigningKey.js';
export { computeSignature } from './computeSignature.js';
export { verifySignature, MAX_CLOCK_SKEW_MS, type VerifyOptions, type VerifyResult } from './verifySignature.js';
export { createPayloadHashVerifier, type PayloadHashVerifier } from './createPayloadHashVerifier.js';
export {
  classifyContentSha256,
  UNSIGNED_PAYLOAD,
  STREAMING_SIGNED,
  STREAMING_SIGNED_TRAILER,
  STREAMING_UNSIGNED_TRAILER,
  type ContentSha256Kind,
} from './contentSha256.js';
export { createAwsChunkedDecoder, type AwsChunkedDecoder, type AwsChunkedDecoderOptions } from './createAwsChunkedDecoder.js';
export { getChunkStringToSign } from './getChunkStringToSign.js';
export { getTrailerStringToSign, getCanonicalTrailers } from './getTrailerStringToSign.js';
export { detectAuthType, type AuthType } from './detectAuthType.js';
export { sha256Hex, EMPTY_SHA256 } from './sha256Hex.js';
export { getHeader } from './getHeader.js';
export { uriEncode } from './uriEncode.js';
export { toAmzDate, parseAmzDate } from './amzDate.js';
export { AuthErrors } from './errors.js';
