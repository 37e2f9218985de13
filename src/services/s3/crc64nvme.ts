/**
 * CRC-64/NVME (reflected polynomial 0x9A6C9329AC4BC9B5, init and xorout all ones), the checksum S3 calls
 * CRC64NVME. Computed on two 32-bit halves (no BigInt on the hot path), slicing-by-1.
 * crc64nvme(Buffer.from('123456789')) === 0xAE8B14860A799888n.
 */
const LO = new Uint32Array(256);
const HI = new Uint32Array(256);
{
  const poly = 0x9a6c9329ac4bc9b5n;
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    LO[i] = Number(c & 0xffffffffn);
    HI[i] = Number(c >> 32n);
  }
}

/** Streaming: pass the previous [hi, lo] back in; returns the new [hi, lo]. */
export function crc64nvme(buf: Uint8Array, previous: [number, number] = [0, 0]): [number, number] {
  let hi = ~previous[0] >>> 0;
  let lo = ~previous[1] >>> 0;
  for (let i = 0; i < buf.length; i++) {
    const idx = (lo ^ buf[i]!) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ LO[idx]!;
    hi = (hi >>> 8) ^ HI[idx]!;
  }
  return [~hi >>> 0, ~lo >>> 0];
}
