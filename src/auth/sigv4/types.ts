/**
 * The plain data the HTTP layer hands to the verifier. Nothing here is parsed or decoded by the HTTP layer:
 * the canonical request must be rebuilt from what was actually received.
 */
export interface SignedRequest {
  /** HTTP method as received (upper case). */
  method: string;
  /** The path as received: still percent-encoded, no query string. */
  rawPath: string;
  /** Everything after the first '?', as received ('' when none). */
  rawQuery: string;
  /** Raw headers in arrival order; repeated names are kept as separate entries. */
  headers: ReadonlyArray<readonly [name: string, value: string]>;
  /**
   * The payload hash that goes into the canonical request: the hex SHA-256 of the body, or the literal the
   * x-amz-content-sha256 header carries (UNSIGNED-PAYLOAD, STREAMING-...).
   */
  payloadHash: string;
}

/** The result of parsing a SigV4 Authorization header or presigned query. */
export interface ParsedSignature {
  /** Which form carried the signature. */
  kind: 'header' | 'query';
  accessKeyId: string;
  /** yyyymmdd from the credential scope. */
  date: string;
  region: string;
  service: string;
  /** Lower-case header names, in the order the client listed them. */
  signedHeaders: string[];
  /** Lower-case hex, 64 characters. */
  signature: string;
  /** The request time, ISO 8601 basic (yyyymmddThhmmssZ). */
  amzDate: string;
  /** X-Amz-Expires, seconds (query form only). */
  expires?: number;
  /** X-Amz-Security-Token (header or query), when present. */
  securityToken?: string;
}

/** Which service family's error codes and canonicalisation rules apply. */
export type SigningDialect = 's3' | 'query';

export interface CanonicalRequestOptions {
  /**
   * Normalise the path ('.', '..', duplicate slashes) as every service but S3 does. S3: false.
   */
  normalizePath: boolean;
  /**
   * Encode the already-encoded path a second time (every service but S3). Defaults to `normalizePath`.
   */
  doubleEncode?: boolean;
  /** The signature came in the query: X-Amz-Signature is left out of the canonical query. */
  presigned?: boolean;
  /**
   * X-Amz-Security-Token was added to the query after signing (some services allow it): leave it out of
   * the canonical query. Default false (S3, STS, IAM sign it).
   */
  omitSessionToken?: boolean;
}
