export type { SignedRequest } from '../sigv4/types.js';

/** A parsed SigV2 signature (S3 only). */
export interface ParsedSignatureV2 {
  kind: 'header' | 'query';
  accessKeyId: string;
  /** Base64 HMAC-SHA1 as the client sent it. */
  signature: string;
  /** Query form: the Expires parameter, epoch seconds. */
  expires?: number;
  /** Header form: the request time (x-amz-date, else Date), epoch ms. */
  requestTime?: number;
  /** x-amz-security-token (header, or query parameter in the presigned form). */
  securityToken?: string;
}

export interface StringToSignV2Options {
  /** Presigned form: the Expires value replaces the Date line, and x-amz-* query parameters count as headers. */
  expires?: string;
  /** Virtual-hosted-style request: the bucket from the Host header, prepended to the resource as "/bucket". */
  virtualHostBucket?: string;
}
