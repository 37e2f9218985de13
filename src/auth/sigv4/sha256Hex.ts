import { createHash, hash } from 'node:crypto';

/** Hex SHA-256. Uses the one-shot crypto.hash (Node ≥ 20.12) where present: no Hash object per call. */
export const sha256Hex: (data: string | Uint8Array) => string =
  typeof hash === 'function'
    ? (data) => hash('sha256', data as string, 'hex')
    : (data) => createHash('sha256').update(data).digest('hex');

/** SHA-256 of the empty string. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
