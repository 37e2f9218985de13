/**
 * An error in the shape of any AWS protocol, for services Tessera does not serve (server/pipeline/unserved.ts):
 * each client parses an error only in its own service's protocol, and prints "Unknown" for anything else.
 * The shapes are those the SDKs' parsers read (botocore's parsers.py names them):
 *
 *   ec2        <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
 *   query      <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>
 *   rest-xml   the same ErrorResponse (Route 53, CloudFront)
 *   json       {"__type", "message"} as application/x-amz-json-1.0 or 1.1, with x-amzn-ErrorType
 *   rest-json  {"__type", "message"} as application/json, with x-amzn-ErrorType
 *   smithy-rpc-v2-cbor  the same map in CBOR, with smithy-protocol: rpc-v2-cbor
 */
import type { ServiceError } from '../core/errors.js';
import type { AwsProtocol } from './awsServices.js';
import { element, XML_DECLARATION } from './xml.js';

export interface ForeignError {
  contentType: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

/** `jsonContentType`: the awsJson content type the request came with (1.0 or 1.1). */
export function encodeForeignError(protocol: AwsProtocol, e: ServiceError, requestId: string, jsonContentType = 'application/x-amz-json-1.1'): ForeignError {
  const headers: Record<string, string> = { ...(e.headers ?? {}) };
  switch (protocol) {
    case 'ec2':
      return {
        contentType: 'text/xml;charset=UTF-8',
        body: `${XML_DECLARATION}<Response><Errors><Error>${element('Code', e.code)}${element('Message', e.message)}</Error></Errors>${element('RequestID', requestId)}</Response>`,
        headers,
      };
    case 'query':
    case 'rest-xml':
      return {
        contentType: 'text/xml',
        body: `${XML_DECLARATION}<ErrorResponse><Error>${element('Type', e.type)}${element('Code', e.code)}${element('Message', e.message)}</Error>${element('RequestId', requestId)}</ErrorResponse>`,
        headers,
      };
    case 'json':
    case 'rest-json':
      return {
        contentType: protocol === 'json' ? jsonContentType : 'application/json',
        body: JSON.stringify({ __type: e.code, message: e.message }),
        headers: { ...headers, 'x-amzn-ErrorType': e.code },
      };
    case 'smithy-rpc-v2-cbor':
      return {
        contentType: 'application/cbor',
        body: cborMap({ __type: e.code, message: e.message }),
        headers: { ...headers, 'smithy-protocol': 'rpc-v2-cbor', 'x-amzn-ErrorType': e.code },
      };
  }
}

/** A CBOR (RFC 8949) head: major type and length. */
function cborHead(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = (major << 5) | 25;
    b.writeUInt16BE(length, 1);
    return b;
  }
  const b = Buffer.alloc(5);
  b[0] = (major << 5) | 26;
  b.writeUInt32BE(length, 1);
  return b;
}

const cborText = (s: string): Buffer => {
  const bytes = Buffer.from(s, 'utf8');
  return Buffer.concat([cborHead(3, bytes.length), bytes]);
};

/** A CBOR map of text to text. */
export function cborMap(fields: Record<string, string>): Buffer {
  const entries = Object.entries(fields);
  return Buffer.concat([cborHead(5, entries.length), ...entries.flatMap(([k, v]) => [cborText(k), cborText(v)])]);
}
