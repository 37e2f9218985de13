import { EMPTY_SHA256 } from './sha256Hex.js';

/**
 * String to sign of one aws-chunked chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]):
 * AWS4-HMAC-SHA256-PAYLOAD \n amzDate \n scope \n previousSignature \n sha256("") \n sha256(chunkData)
 */
export function getChunkStringToSign(amzDate: string, scope: string, previousSignature: string, chunkHashHex: string): string {
  return `AWS4-HMAC-SHA256-PAYLOAD\n${amzDate}\n${scope}\n${previousSignature}\n${EMPTY_SHA256}\n${chunkHashHex}`;
}
