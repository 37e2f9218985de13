/**
 * The flexible checksums S3 accepts (x-amz-checksum-crc32, -crc32c, -sha1, -sha256), computed while the body
 * streams; base64 of the big-endian digest as S3 writes them. Multipart objects carry the composite form:
 * the checksum of the parts' concatenated binary checksums, then "-N".
 */
import { createHash, type Hash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { crc32c } from './crc32c.js';
import { crc64nvme } from './crc64nvme.js';
import { S3Errors } from './errors.js';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'CRC64NVME' | 'SHA1' | 'SHA256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'];

export const checksumHeader = (a: ChecksumAlgorithm) => `x-amz-checksum-${a.toLowerCase()}`;

export function parseChecksumAlgorithm(v: string | undefined): ChecksumAlgorithm | undefined {
  if (v === undefined || v === '') return undefined;
  const u = v.toUpperCase();
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(u) ? (u as ChecksumAlgorithm) : undefined;
}

type Crc = (buf: Uint8Array, prev?: number) => number;
const zcrc = (zlib as unknown as { crc32?: Crc }).crc32;

/** CRC-32 (IEEE), from node:zlib where it exists (Node >= 20.15 / 22.2), else a table. */
const crc32: Crc =
  zcrc ??
  (() => {
    const table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
      table[i] = c >>> 0;
    }
    return (buf: Uint8Array, prev = 0) => {
      let c = ~prev >>> 0;
      for (let i = 0; i < buf.length; i++) c = table[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
      return ~c >>> 0;
    };
  })();

export interface Checksummer {
  readonly algorithm: ChecksumAlgorithm;
  update(chunk: Uint8Array): void;
  /** The raw digest bytes. */
  digest(): Buffer;
}

function crcSummer(algorithm: ChecksumAlgorithm, fn: Crc): Checksummer {
  let v = 0;
  return {
    algorithm,
    update: (c) => {
      v = fn(c, v);
    },
    digest: () => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(v >>> 0);
      return b;
    },
  };
}

function hashSummer(algorithm: ChecksumAlgorithm, name: string): Checksummer {
  const h: Hash = createHash(name);
  return { algorithm, update: (c) => void h.update(c), digest: () => h.digest() };
}

export function createChecksummer(a: ChecksumAlgorithm): Checksummer {
  switch (a) {
    case 'CRC32':
      return crcSummer(a, crc32);
    case 'CRC32C':
      return crcSummer(a, crc32c);
    case 'CRC64NVME': {
      let v: [number, number] = [0, 0];
      return {
        algorithm: a,
        update: (c) => {
          v = crc64nvme(c, v);
        },
        digest: () => {
          const b = Buffer.alloc(8);
          b.writeUInt32BE(v[0], 0);
          b.writeUInt32BE(v[1], 4);
          return b;
        },
      };
    }
    case 'SHA1':
      return hashSummer(a, 'sha1');
    case 'SHA256':
      return hashSummer(a, 'sha256');
  }
}

/** Checksum of whole data, base64. */
export function checksumOf(a: ChecksumAlgorithm, data: Uint8Array): string {
  const s = createChecksummer(a);
  s.update(data);
  return s.digest().toString('base64');
}

/** The composite checksum of a multipart object: over the parts' binary checksums, then "-N". */
export function compositeChecksum(a: ChecksumAlgorithm, partChecksums: string[]): string {
  const s = createChecksummer(a);
  for (const p of partChecksums) s.update(Buffer.from(p, 'base64'));
  return `${s.digest().toString('base64')}-${partChecksums.length}`;
}

/** Byte length of each algorithm's digest (to validate a base64 header value). */
export const DIGEST_LENGTH: Record<ChecksumAlgorithm, number> = { CRC32: 4, CRC32C: 4, CRC64NVME: 8, SHA1: 20, SHA256: 32 };

export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/**
 * A multipart upload's checksum type (x-amz-checksum-type on CreateMultipartUpload), as S3 validates it:
 * only with an algorithm; FULL_OBJECT only for the CRCs (they combine), COMPOSITE not for CRC64NVME. Without
 * the header: FULL_OBJECT for CRC64NVME, COMPOSITE for the others.
 */
export function parseChecksumType(raw: string | undefined, algorithm: ChecksumAlgorithm | undefined): ChecksumType | undefined {
  if (raw === undefined) return algorithm === undefined ? undefined : algorithm === 'CRC64NVME' ? 'FULL_OBJECT' : 'COMPOSITE';
  const t = raw.toUpperCase();
  if (t !== 'COMPOSITE' && t !== 'FULL_OBJECT') throw S3Errors.invalidRequest('Value for x-amz-checksum-type header is invalid.');
  if (algorithm === undefined) throw S3Errors.invalidRequest('The x-amz-checksum-type header can only be used with the x-amz-checksum-algorithm header.');
  if (t === 'FULL_OBJECT' && (algorithm === 'SHA1' || algorithm === 'SHA256')) {
    throw S3Errors.invalidRequest(`The FULL_OBJECT checksum type cannot be used with the ${algorithm.toLowerCase()} checksum algorithm.`);
  }
  if (t === 'COMPOSITE' && algorithm === 'CRC64NVME') throw S3Errors.invalidRequest('The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.');
  return t;
}
