import { AuthErrors } from './errors.js';

/** The literal values x-amz-content-sha256 may carry instead of a hex digest. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
export const STREAMING_SIGNED = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
export const STREAMING_SIGNED_TRAILER = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER';
export const STREAMING_UNSIGNED_TRAILER = 'STREAMING-UNSIGNED-PAYLOAD-TRAILER';

export type ContentSha256Kind =
  | { kind: 'sha256'; hex: string }
  | { kind: 'unsigned' }
  | { kind: 'streaming'; mode: 'signed' | 'signed-trailer' | 'unsigned-trailer' };

/**
 * Classifies an x-amz-content-sha256 value. Anything that is neither a hex SHA-256 nor one of the literals
 * Tessera supports is refused as S3 refuses it (the ECDSA streaming forms are not supported).
 */
export function classifyContentSha256(value: string): ContentSha256Kind {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return { kind: 'sha256', hex: value.toLowerCase() };
  switch (value) {
    case UNSIGNED_PAYLOAD:
      return { kind: 'unsigned' };
    case STREAMING_SIGNED:
      return { kind: 'streaming', mode: 'signed' };
    case STREAMING_SIGNED_TRAILER:
      return { kind: 'streaming', mode: 'signed-trailer' };
    case STREAMING_UNSIGNED_TRAILER:
      return { kind: 'streaming', mode: 'unsigned-trailer' };
    default:
      throw AuthErrors.invalidArgument(
        'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a valid sha256 value.',
        'x-amz-content-sha256',
        value,
      );
  }
}
