import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../../core/errors.js';

/** Reads a small request body whole (query-protocol forms). Larger bodies are refused before buffering. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(new ServiceError('RequestEntityTooLarge', `Request body must be at most ${limit} bytes`, 413));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new ServiceError('RequestEntityTooLarge', `Request body must be at most ${limit} bytes`, 413));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
