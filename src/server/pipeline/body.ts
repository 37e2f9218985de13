import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../../core/errors.js';

/** 413, and the connection closes after it: the rest of an oversized body is never read. */
const tooLarge = (limit: number) =>
  new ServiceError('RequestEntityTooLarge', `Request body must be at most ${limit} bytes`, 413, { headers: { Connection: 'close' } });

/**
 * Reads a small request body whole (query-protocol forms and console JSON). A declared Content-Length above
 * the limit is refused before a byte is read; a chunked body is cut off as soon as it passes the limit.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.pause();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
