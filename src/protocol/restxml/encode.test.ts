import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeXml } from '../xml.js';
import { RawXml, XmlBytes, xmlDocument, type XmlChildren } from './encode.js';

test('XmlBytes: the same bytes as xmlDocument, growing past its capacity with multi-byte text (2, 3 and 4 UTF-8 bytes)', () => {
  const keys = Array.from({ length: 200 }, (_, i) => `k-${i}-é€😀 & <x>`.repeat((i % 7) + 1));
  const children: XmlChildren = [['IsTruncated', false], ['Name', 'b']];
  const entries = keys.map((k): [string, RawXml] => ['Contents', new RawXml(`<Key>${escapeXml(k)}</Key>`)]);
  const tail: XmlChildren = [['MaxKeys', 1000], ['Prefix', 'p&']];
  const expected = Buffer.from(xmlDocument('ListBucketResult', [...children, ...entries, ...tail]), 'utf8');
  for (const capacity of [1, 64, 4096, 1 << 20]) {
    const doc = new XmlBytes('ListBucketResult', capacity).children(children);
    for (const [name, e] of entries) doc.raw(`<${name}>${e.xml}</${name}>`);
    const got = doc.children(tail).end();
    assert.equal(got.length, expected.length, `capacity ${capacity}`);
    assert.ok(got.equals(expected), `capacity ${capacity}`);
  }
});
