import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../../core/errors.js';

/**
 * Bytes of small bodies (query-protocol forms, console JSON) held in memory at once, across all requests.
 * These are read before the signature is checked, so this is what unauthenticated clients can make the
 * server hold: past it a body is refused with 503 and its connection closed.
 */
export const BUFFERED_BODY_BUDGET = 64 * 1024 * 1024;
let buffered = 0;

/** 413, and the connection closes after it: the rest of an oversized body is never read. */
const tooLarge = (limit: number) =>
  new ServiceError('RequestEntityTooLarge', `Request body must be at most ${limit} bytes`, 413, { headers: { Connection: 'close' } });
const overBudget = () =>
  new ServiceError('ServiceUnavailable', 'Service is unable to handle request.', 503, { headers: { Connection: 'close', 'Retry-After': '1' } });

/**
 * Reads a small request body whole. A declared Content-Length above the limit is refused before a byte is
 * read; a chunked body is cut off as soon as it passes the limit; all bodies being read share one budget.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let held = 0;
    const release = () => {
      buffered -= held;
      held = 0;
    };
    const fail = (e: ServiceError) => {
      release();
      req.removeAllListeners('data');
      req.pause();
      reject(e);
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) return fail(tooLarge(limit));
      if (buffered + c.length > BUFFERED_BODY_BUDGET) return fail(overBudget());
      buffered += c.length;
      held += c.length;
      chunks.push(c);
    });
    req.on('end', () => {
      release();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    });
    req.on('error', (e) => {
      release();
      reject(e);
    });
    req.on('close', release);
  });
}

/**
 * The hex SHA-256 of a request body, read as it streams and never held: what a SigV4 signature for a
 * service other than S3 covers. Refused past `limit` like readBody.
 */
export function hashBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.pause();
        reject(tooLarge(limit));
        return;
      }
      hash.update(c);
    });
    req.on('end', () => resolve(hash.digest('hex')));
    req.on('error', reject);
  });
}
