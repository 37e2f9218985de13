/**
 * parseAuthorizationHeader, step by step: what it accepts and each refusal, in both dialects, with AWS's code
 * and message. Signature checks against signed requests are in s3.test.ts and vectors.test.ts; the IAM/STS
 * missing-components message, the bad-region credential and the ISO date refusal are in s3.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAuthorizationHeader } from './parseAuthorizationHeader.js';
import type { SignedRequest, SigningDialect } from './types.js';

const SIG = 'ab'.repeat(32);
const AUTH = `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIG}`;
const req = (headers: [string, string][]): SignedRequest => ({ method: 'GET', rawPath: '/', rawQuery: '', headers, payloadHash: '' });
const signed = (auth: string, extra: [string, string][] = [['X-Amz-Date', '20150830T123600Z']]) =>
  req([['Host', 'example.com'], ['Authorization', auth], ...extra]);

test('accepted forms', () => {
  const cases: { name: string; r: SignedRequest; want: Record<string, unknown> }[] = [
    {
      name: 'X-Amz-Date, token trimmed',
      r: signed(AUTH, [['X-Amz-Date', ' 20150830T123600Z '], ['X-Amz-Security-Token', ' tok ']]),
      want: { kind: 'header', accessKeyId: 'AKID', date: '20150830', region: 'us-east-1', service: 'iam', amzDate: '20150830T123600Z', securityToken: 'tok' },
    },
    {
      name: 'Date header when X-Amz-Date is absent (converted to ISO 8601 basic)',
      r: signed(AUTH, [['Date', 'Sun, 30 Aug 2015 12:36:00 GMT']]),
      want: { amzDate: '20150830T123600Z' },
    },
    { name: 'X-Amz-Date wins over Date', r: signed(AUTH, [['Date', 'garbage'], ['X-Amz-Date', '20150830T123600Z']]), want: { amzDate: '20150830T123600Z' } },
    {
      name: 'upper-case signature and header names are lower-cased, spaces trimmed',
      r: signed(AUTH.replace(SIG, SIG.toUpperCase()).replace('host;x-amz-date', ' Host ; X-Amz-Date')),
      want: { signature: SIG, signedHeaders: ['host', 'x-amz-date'] },
    },
    { name: 'a repeated component: the first wins', r: signed(`${AUTH}, Signature=${'cd'.repeat(32)}`), want: { signature: SIG } },
    { name: 'empty components are skipped', r: signed(AUTH.replace(', SignedHeaders', ',, SignedHeaders')), want: { signedHeaders: ['host', 'x-amz-date'] } },
  ];
  for (const dialect of ['query', 's3'] as const) {
    for (const c of cases) {
      const p = parseAuthorizationHeader(c.r, { dialect });
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual((p as unknown as Record<string, unknown>)[k], v, `${dialect}: ${c.name}: ${k}`);
    }
  }
  assert.equal(parseAuthorizationHeader(signed(AUTH), { dialect: 'query' }).securityToken, undefined);
});

interface Refusal {
  name: string;
  r: SignedRequest;
  query: { code: string; message: string };
  s3: { code: string; message: string };
}

const refusals: Refusal[] = [
  {
    name: 'no Authorization header',
    r: req([['Host', 'example.com']]),
    query: { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' },
    s3: { code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' },
  },
  {
    name: 'another algorithm',
    r: signed(AUTH.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256')),
    query: { code: 'IncompleteSignature', message: "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256'." },
    s3: { code: 'InvalidArgument', message: 'Unsupported Authorization Type' },
  },
  {
    name: 'a component without "="',
    r: signed('AWS4-HMAC-SHA256 Credential'),
    query: {
      code: 'IncompleteSignature',
      message: "'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: 'AWS4-HMAC-SHA256 Credential'.",
    },
    s3: { code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed; the Authorization header component "Credential" is mal-formed.' },
  },
  {
    name: 'no Signature component',
    r: signed(AUTH.replace(`, Signature=${SIG}`, '')),
    query: {
      code: 'IncompleteSignature',
      message: `Authorization header requires 'Signature' parameter. Authorization=${AUTH.replace(`, Signature=${SIG}`, '')}`,
    },
    s3: {
      code: 'AuthorizationHeaderMalformed',
      message: 'The authorization header is malformed; the Authorization header requires the Credential, SignedHeaders and Signature components.',
    },
  },
  {
    name: 'neither X-Amz-Date nor Date',
    r: signed(AUTH, []),
    query: {
      code: 'IncompleteSignature',
      message: `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${AUTH}`,
    },
    s3: { code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' },
  },
  {
    name: 'an unreadable Date header',
    r: signed(AUTH, [['Date', '12345']]),
    query: { code: 'IncompleteSignature', message: "Date must be in ISO-8601 'basic format'. Got '12345'. See http://en.wikipedia.org/wiki/ISO_8601" },
    s3: { code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' },
  },
  {
    name: 'an impossible X-Amz-Date (February 30)',
    r: signed(AUTH, [['X-Amz-Date', '20150230T123600Z']]),
    query: { code: 'IncompleteSignature', message: "Date must be in ISO-8601 'basic format'. Got '20150230T123600Z'. See http://en.wikipedia.org/wiki/ISO_8601" },
    s3: { code: 'AccessDenied', message: 'AWS authentication requires a valid Date or x-amz-date header' },
  },
  {
    name: 'credential date is not the request day',
    r: signed(AUTH, [['X-Amz-Date', '20150831T000000Z']]),
    query: {
      code: 'SignatureDoesNotMatch',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T000000Z'.",
    },
    s3: { code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed; Invalid credential date. Date is not the same as X-Amz-Date.' },
  },
  {
    name: 'credential terminator is not aws4_request',
    r: signed(AUTH.replace('aws4_request', 'aws5_request')),
    query: { code: 'IncompleteSignature', message: "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'." },
    s3: { code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed; incorrect terminal "aws5_request". This endpoint uses "aws4_request".' },
  },
  {
    name: 'an empty access key id',
    r: signed(AUTH.replace('AKID', '')),
    query: {
      code: 'IncompleteSignature',
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '/20150830/us-east-1/iam/aws4_request'",
    },
    s3: { code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed; a non-empty Access Key (AKID) must be provided in the credential.' },
  },
  {
    name: 'an empty name in SignedHeaders',
    r: signed(AUTH.replace('host;x-amz-date', 'host;;x-amz-date')),
    query: { code: 'IncompleteSignature', message: `Authorization header requires 'SignedHeaders' parameter. Authorization=${AUTH.replace('host;x-amz-date', 'host;;x-amz-date')}` },
    s3: { code: 'AuthorizationHeaderMalformed', message: 'The authorization header is malformed; the SignedHeaders component is mal-formed.' },
  },
  {
    name: 'a signature that is not 64 hex digits',
    r: signed(AUTH.replace(SIG, 'xyz')),
    query: {
      code: 'SignatureDoesNotMatch',
      message:
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    },
    s3: { code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.' },
  },
];

test('refusals, each with AWS code and message per dialect', () => {
  for (const c of refusals) {
    for (const dialect of ['query', 's3'] as SigningDialect[]) {
      assert.throws(() => parseAuthorizationHeader(c.r, { dialect }), c[dialect === 's3' ? 's3' : 'query'], `${dialect}: ${c.name}`);
    }
  }
});
