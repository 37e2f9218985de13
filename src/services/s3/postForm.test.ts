import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { FormReader, formBoundary, MAX_PRE_DATA } from './postForm.js';

const B = 'XyZboundary';
const part = (name: string, value: string, extra = '') => `--${B}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n${value}\r\n`;
const body = (fieldsText: string, file: string, after = '') => `${fieldsText}--${B}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n${file}\r\n${after}--${B}--\r\n`;

/** The body in pieces of `size` bytes: delimiters split across chunks. */
async function* chunked(text: string, size: number) {
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function read(text: string, size: number) {
  const r = new FormReader(chunked(text, size), B);
  const f = await r.fields();
  const parts: Buffer[] = [];
  for await (const c of r.file()) parts.push(c);
  return { fields: Object.fromEntries(f.values), file: Buffer.concat(parts).toString(), filename: f.file.filename, type: f.file.contentType };
}

describe('formBoundary', () => {
  const cases: Array<[string | undefined, string | undefined]> = [
    ['multipart/form-data; boundary=abc', 'abc'],
    ['multipart/form-data; boundary="a b"', 'a b'],
    ['Multipart/Form-Data;boundary=x', 'x'],
    ['multipart/mixed; boundary=abc', undefined],
    ['application/x-www-form-urlencoded', undefined],
    ['multipart/form-data', undefined],
    [undefined, undefined],
  ];
  for (const [ct, b] of cases) test(String(ct), () => assert.equal(formBoundary(ct), b));
});

describe('FormReader', () => {
  const text = body(part('key', 'uploads/${filename}') + part('X-Amz-Meta-A', 'ünïcode'), `line1\r\n--${B.slice(0, 5)} not a delimiter\r\nend`, part('after', 'ignored'));
  for (const size of [1, 3, 7, 64, 100_000]) {
    test(`fields then the file, in chunks of ${size}`, async () => {
      assert.deepEqual(await read(text, size), {
        fields: { key: 'uploads/${filename}', 'x-amz-meta-a': 'ünïcode' },
        file: `line1\r\n--${B.slice(0, 5)} not a delimiter\r\nend`,
        filename: 'a.txt',
        type: 'text/plain',
      });
    });
  }
  const refusals: Array<[string, string, string]> = [
    ['no file', `${part('key', 'k')}--${B}--\r\n`, 'InvalidArgument'],
    ['no delimiter at all', 'just text', 'MalformedPOSTRequest'],
    ['a part without a name', `--${B}\r\nContent-Disposition: form-data\r\n\r\nx\r\n--${B}--`, 'MalformedPOSTRequest'],
    ['fields over the cap', body(part('big', 'x'.repeat(MAX_PRE_DATA)), 'f'), 'MaxPostPreDataLengthExceeded'],
  ];
  for (const [name, t, expected] of refusals) {
    test(`refused: ${name}`, async () => {
      await assert.rejects(read(t, 16), (e: unknown) => e instanceof ServiceError && e.code === expected && e.status === 400);
    });
  }
  test('a file cut short: MalformedPOSTRequest', async () => {
    const cut = body(part('key', 'k'), 'abc').slice(0, -20);
    await assert.rejects(read(cut, 5), (e: unknown) => e instanceof ServiceError && e.code === 'MalformedPOSTRequest');
  });
});
