/**
 * The CRC of two byte strings joined, from their own CRCs and the second one's length, without the bytes:
 * how S3's FULL_OBJECT checksum of a multipart object follows from its parts' checksums. For the reflected
 * CRCs S3 uses (CRC32, CRC32C, CRC64NVME: init and xorout all ones, the conditioning cancels out):
 * crc(A‖B) = crc(A)·x^(8·|B|) mod P  ⊕  crc(B), with polynomials over GF(2) held bit-reversed (the x^0
 * coefficient in the top bit), as the CRC register holds them.
 */
import type { ChecksumAlgorithm } from './checksums.js';

interface Crc {
  width: bigint;
  /** The reflected polynomial. */
  poly: bigint;
  /** x^(2^k) mod P for k = 0..63. */
  powers: bigint[];
}

function crc(width: number, poly: bigint): Crc {
  const c: Crc = { width: BigInt(width), poly, powers: [] };
  let p = 1n << BigInt(width - 2); // x^1
  for (let k = 0; k < 64; k++) {
    c.powers.push(p);
    p = multiply(c, p, p);
  }
  return c;
}

const CRCS: Partial<Record<ChecksumAlgorithm, Crc>> = {
  CRC32: crc(32, 0xedb88320n),
  CRC32C: crc(32, 0x82f63b78n),
  CRC64NVME: crc(64, 0x9a6c9329ac4bc9b5n),
};

/** a·b mod P. */
function multiply(c: Crc, a: bigint, b: bigint): bigint {
  let product = 0n;
  for (let bit = 1n << (c.width - 1n); bit > 0n && a !== 0n; bit >>= 1n) {
    if (a & bit) {
      product ^= b;
      a ^= bit;
    }
    b = b & 1n ? (b >> 1n) ^ c.poly : b >> 1n;
  }
  return product;
}

/** x^(8·bytes) mod P. */
function shiftFor(c: Crc, bytes: number): bigint {
  let p = 1n << (c.width - 1n); // x^0
  let n = BigInt(bytes);
  for (let k = 3; n > 0n; k++, n >>= 1n) if (n & 1n) p = multiply(c, c.powers[k]!, p);
  return p;
}

/** Whether the algorithm's checksums combine (the CRCs: FULL_OBJECT multipart checksums). */
export const combines = (a: ChecksumAlgorithm) => CRCS[a] !== undefined;

/**
 * The checksum (raw big-endian digest bytes) of the parts joined in order, from each part's digest and
 * length. Only for algorithms that combine().
 */
export function combineChecksums(a: ChecksumAlgorithm, parts: Array<{ digest: Buffer; size: number }>): Buffer {
  const c = CRCS[a];
  if (!c) throw new Error(`${a} checksums do not combine`);
  const bytes = Number(c.width) / 8;
  // Parts are mostly of one size: each distinct length's shift is computed once.
  const shifts = new Map<number, bigint>();
  let acc = 0n;
  let first = true;
  for (const { digest, size } of parts) {
    if (digest.length !== bytes) throw new Error('a part checksum of the wrong length');
    const v = BigInt(`0x${digest.toString('hex')}`);
    if (first) {
      acc = v;
      first = false;
      continue;
    }
    let s = shifts.get(size);
    if (s === undefined) shifts.set(size, (s = shiftFor(c, size)));
    acc = multiply(c, s, acc) ^ v;
  }
  if (first) acc = 0n; // no part: the checksum of nothing
  return Buffer.from(acc.toString(16).padStart(bytes * 2, '0'), 'hex');
}
