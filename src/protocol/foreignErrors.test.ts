import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../core/errors.js';
import { cborMap, encodeForeignError } from './foreignErrors.js';

const e = new ServiceError('UnsupportedOperation', 'EC2 <ec2> & "more"', 400);

test('CBOR map of text: heads for short, 1-byte and 2-byte lengths (RFC 8949)', () => {
  assert.equal(cborMap({ a: 'b' }).toString('hex'), 'a1' + '6161' + '6162');
  const m24 = 'x'.repeat(24);
  assert.equal(cborMap({ k: m24 }).toString('hex'), 'a1' + '616b' + '7818' + Buffer.from(m24).toString('hex'));
  const m300 = 'y'.repeat(300);
  assert.equal(cborMap({ k: m300 }).subarray(0, 6).toString('hex'), 'a1' + '616b' + '79012c');
  assert.equal(cborMap({ k: 'é' }).toString('hex'), 'a1616b' + '62c3a9');
});

test('each protocol: its shape, the code and the message escaped', () => {
  const ec2 = encodeForeignError('ec2', e, 'rid');
  assert.equal(ec2.body, '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>EC2 &lt;ec2&gt; &amp; &quot;more&quot;</Message></Error></Errors><RequestID>rid</RequestID></Response>');
  const query = encodeForeignError('query', e, 'rid');
  assert.match(String(query.body), /<ErrorResponse><Error><Type>Sender<\/Type><Code>UnsupportedOperation<\/Code>/);
  const json = encodeForeignError('json', e, 'rid', 'application/x-amz-json-1.0');
  assert.equal(json.contentType, 'application/x-amz-json-1.0');
  assert.deepEqual(JSON.parse(String(json.body)), { __type: 'UnsupportedOperation', message: e.message });
  assert.equal(json.headers['x-amzn-ErrorType'], 'UnsupportedOperation');
  const rest = encodeForeignError('rest-json', e, 'rid');
  assert.equal(rest.contentType, 'application/json');
  const cbor = encodeForeignError('smithy-rpc-v2-cbor', e, 'rid');
  assert.equal(cbor.headers['smithy-protocol'], 'rpc-v2-cbor');
  assert.ok(Buffer.isBuffer(cbor.body) && cbor.body[0] === 0xa2);
});
