import { createHash } from 'node:crypto';
import { AuthErrors } from './errors.js';
import { safeEqual } from './safeEqual.js';
import type { SigningDialect } from './types.js';

export interface PayloadHashVerifier {
  /** Feed the next piece of the body as it streams in. */
  update(chunk: Uint8Array): void;
  /** Bytes seen so far. */
  readonly length: number;
  /**
   * Ends the body. Returns the hex SHA-256 when it equals the declared one; otherwise throws
   * XAmzContentSHA256Mismatch (S3, 400) or SignatureDoesNotMatch (IAM/STS: the body hash is part of what was
   * signed).
   */
  final(): string;
}

/**
 * An incremental check of a body against the hex digest x-amz-content-sha256 declared (or, for IAM/STS, the
 * hash that went into the verified canonical request). Holds no body bytes.
 */
export function createPayloadHashVerifier(expectedHex: string, dialect: SigningDialect): PayloadHashVerifier {
  const hash = createHash('sha256');
  let length = 0;
  let finished = false;
  return {
    update(chunk) {
      if (finished) throw new Error('payload hash verifier already finished');
      hash.update(chunk);
      length += chunk.length;
    },
    get length() {
      return length;
    },
    final() {
      if (finished) throw new Error('payload hash verifier already finished');
      finished = true;
      const computed = hash.digest('hex');
      if (!safeEqual(computed, expectedHex.toLowerCase())) {
        throw dialect === 's3' ? AuthErrors.xAmzContentSHA256Mismatch(expectedHex, computed) : AuthErrors.signatureDoesNotMatch('query');
      }
      return computed;
    },
  };
}
