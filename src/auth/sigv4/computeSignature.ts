import { createHmac } from 'node:crypto';

/** Lower-case hex HMAC-SHA256 of the string to sign under the signing key. */
export function computeSignature(signingKey: Buffer, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}
