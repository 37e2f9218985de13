import { createHmac } from 'node:crypto';

/** Base64 HMAC-SHA1 of the string to sign under the secret. */
export function computeSignatureV2(secret: string, stringToSign: string): string {
  return createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
}
