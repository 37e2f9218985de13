/**
 * parsePresignedQuery, step by step: accepted query strings and each refusal with AWS's code and message.
 * Already covered elsewhere (not repeated): S3's missing X-Amz-Expires, over-a-week and negative expiry, bad
 * X-Amz-Date and credential-date refusals (s3.test.ts); IAM/STS's missing-parameters message (s3.test.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePresignedQuery } from './parsePresignedQuery.js';
import type { SignedRequest, SigningDialect } from './types.js';

const SIG = 'ab'.repeat(32);
const Q = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}`;
const req = (rawQuery: string): SignedRequest => ({ method: 'GET', rawPath: '/', rawQuery, headers: [['Host', 'h']], payloadHash: 'UNSIGNED-PAYLOAD' });

test('accepted query strings', () => {
  const cases: { name: string; dialects: SigningDialect[]; q: string; want: Record<string, unknown> }[] = [
    {
      name: 'all parameters, token percent-decoded',
      dialects: ['s3', 'query'],
      q: `${Q}&X-Amz-Security-Token=a%2Fb%2B`,
      want: { kind: 'query', accessKeyId: 'AKID', region: 'us-east-1', service: 's3', expires: 60, securityToken: 'a/b+', amzDate: '20150830T123600Z' },
    },
    { name: 'the one-week maximum', dialects: ['s3', 'query'], q: Q.replace('Expires=60', 'Expires=604800'), want: { expires: 604800 } },
    { name: 'IAM/STS: X-Amz-Expires may be left out', dialects: ['query'], q: Q.replace('&X-Amz-Expires=60', ''), want: { expires: undefined } },
    {
      name: 'upper-case signature and header names lower-cased',
      dialects: ['s3', 'query'],
      q: Q.replace(SIG, SIG.toUpperCase()).replace('SignedHeaders=host', 'SignedHeaders=Host%3BX-Amz-Meta-A'),
      want: { signature: SIG, signedHeaders: ['host', 'x-amz-meta-a'] },
    },
  ];
  for (const c of cases) {
    for (const dialect of c.dialects) {
      const p = parsePresignedQuery(req(c.q), { dialect });
      for (const [k, v] of Object.entries(c.want)) assert.deepEqual((p as unknown as Record<string, unknown>)[k], v, `${dialect}: ${c.name}: ${k}`);
    }
  }
});

const MISMATCH_QUERY =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const MISMATCH_S3 = 'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

const refusals: { name: string; q: string; query: { code: string; message: string }; s3: { code: string; message: string } }[] = [
  {
    name: 'no X-Amz-Signature',
    q: Q.replace(`&X-Amz-Signature=${SIG}`, ''),
    query: { code: 'IncompleteSignature', message: "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters." },
    s3: {
      code: 'AuthorizationQueryParametersError',
      message:
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
    },
  },
  {
    name: 'another algorithm',
    q: Q.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA1'),
    query: { code: 'IncompleteSignature', message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA1'." },
    s3: { code: 'AuthorizationQueryParametersError', message: 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"' },
  },
  {
    name: 'X-Amz-Date not ISO 8601 basic',
    q: Q.replace('20150830T123600Z', '20150830'),
    query: { code: 'IncompleteSignature', message: "Date must be in ISO-8601 'basic format'. Got '20150830'. See http://en.wikipedia.org/wiki/ISO_8601" },
    s3: { code: 'AuthorizationQueryParametersError', message: `X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd'T'HHmmss'Z'"` },
  },
  {
    name: 'X-Amz-Expires not a number',
    q: Q.replace('Expires=60', 'Expires=1e3'),
    query: { code: 'IncompleteSignature', message: 'X-Amz-Expires should be a number' },
    s3: { code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires should be a number' },
  },
  {
    name: 'X-Amz-Expires zero',
    q: Q.replace('Expires=60', 'Expires=0'),
    query: { code: 'IncompleteSignature', message: 'X-Amz-Expires must be greater than 0' },
    s3: { code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires must be greater than 0' },
  },
  {
    name: 'IAM/STS: X-Amz-Expires over a week',
    q: Q.replace('Expires=60', 'Expires=604801'),
    query: { code: 'IncompleteSignature', message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800' },
    s3: { code: 'AuthorizationQueryParametersError', message: 'X-Amz-Expires must be less than a week (in seconds) that is 604800' },
  },
  {
    name: 'credential day differs from X-Amz-Date',
    q: Q.replace('20150830T123600Z', '20150831T000000Z'),
    query: {
      code: 'SignatureDoesNotMatch',
      message: "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150830' != '20150831', from '20150831T000000Z'.",
    },
    s3: { code: 'AuthorizationQueryParametersError', message: 'Invalid credential date "20150830". This date is not the same as X-Amz-Date: "20150831".' },
  },
  {
    name: 'a credential with four parts',
    q: Q.replace('%2Fus-east-1', ''),
    query: { code: 'IncompleteSignature', message: 'Credential should be scoped to a valid region.' },
    s3: {
      code: 'AuthorizationQueryParametersError',
      message: 'Error parsing the X-Amz-Credential parameter; Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".',
    },
  },
  {
    name: 'an empty name in X-Amz-SignedHeaders',
    q: Q.replace('SignedHeaders=host', 'SignedHeaders=host%3B'),
    query: { code: 'IncompleteSignature', message: "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters." },
    s3: { code: 'AuthorizationQueryParametersError', message: 'X-Amz-SignedHeaders is mal-formed.' },
  },
  {
    name: 'a signature that is not 64 hex digits',
    q: Q.replace(SIG, SIG.slice(1)),
    query: { code: 'SignatureDoesNotMatch', message: MISMATCH_QUERY },
    s3: { code: 'SignatureDoesNotMatch', message: MISMATCH_S3 },
  },
];

test('refusals, each with AWS code and message per dialect', () => {
  for (const c of refusals) {
    for (const dialect of ['query', 's3'] as const) {
      assert.throws(() => parsePresignedQuery(req(c.q), { dialect }), c[dialect], `${dialect}: ${c.name}`);
    }
  }
});
