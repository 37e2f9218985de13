import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { createChecksummer, type ChecksumAlgorithm } from './checksums.js';
import { combineChecksums, combines } from './crcCombine.js';

const digest = (a: ChecksumAlgorithm, b: Buffer) => {
  const s = createChecksummer(a);
  s.update(b);
  return s.digest();
};

test('the CRCs combine: parts of every size (none, one byte, odd, a power of two, MiBs) give the whole object\'s checksum', () => {
  const data = randomBytes(3 * 1024 * 1024 + 12_345);
  const cuts = [
    [data.length],
    [0, data.length],
    [1, 5 * 1024, data.length],
    [65_536, 65_536 * 2, 65_536 * 3, data.length],
    [1024 * 1024, 2 * 1024 * 1024, 3 * 1024 * 1024, data.length],
    [7, 7, 4099, data.length - 1, data.length],
  ];
  for (const a of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    assert.ok(combines(a));
    const whole = digest(a, data);
    for (const at of cuts) {
      const parts = at.map((end, i) => data.subarray(i === 0 ? 0 : at[i - 1], end));
      const got = combineChecksums(a, parts.map((p) => ({ digest: digest(a, p), size: p.length })));
      assert.equal(got.toString('hex'), whole.toString('hex'), `${a} over cuts ${at.join(',')}`);
    }
  }
});

test('the check values of the three CRCs, combined from two halves of "123456789"', () => {
  const s = Buffer.from('123456789');
  const check: Record<string, string> = { CRC32: 'cbf43926', CRC32C: 'e3069283', CRC64NVME: 'ae8b14860a799888' };
  for (const a of ['CRC32', 'CRC32C', 'CRC64NVME'] as const) {
    const halves = [s.subarray(0, 4), s.subarray(4)];
    assert.equal(combineChecksums(a, halves.map((p) => ({ digest: digest(a, p), size: p.length }))).toString('hex'), check[a]);
  }
});

test('SHA-1 and SHA-256 do not combine; a digest of the wrong length is refused', () => {
  assert.equal(combines('SHA1'), false);
  assert.equal(combines('SHA256'), false);
  assert.throws(() => combineChecksums('SHA256', []), /do not combine/);
  assert.throws(() => combineChecksums('CRC32', [{ digest: Buffer.alloc(8), size: 1 }]), /wrong length/);
});
