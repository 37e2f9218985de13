/**
 * verifySignature, step by step: scope, signed headers, time, then the signature. The signature arithmetic is
 * checked against AWS's own suite in vectors.test.ts and against botocore-signed requests in s3.test.ts
 * (which also covers S3's RequestTimeTooSkewed, the wrong-region refusal, an unsigned x-amz-acl and IAM/STS's
 * clock messages); this file covers the remaining refusals and what each step lets through.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeSignature } from './computeSignature.js';
import { getSigningKey } from './getSigningKey.js';
import type { ParsedSignature, SignedRequest } from './types.js';
import { verifySignature, type VerifyOptions, type VerifyResult } from './verifySignature.js';

const SECRET = 'secret';
const T0 = new Date('2015-08-30T12:36:00Z');
const at = (iso: string) => new Date(iso);
const req: SignedRequest = {
  method: 'GET',
  rawPath: '/a',
  rawQuery: '',
  headers: [['Host', 'h'], ['X-Amz-Date', '20150830T123600Z'], ['X-Amz-Content-Sha256', 'UNSIGNED-PAYLOAD']],
  payloadHash: 'UNSIGNED-PAYLOAD',
};
const base: ParsedSignature = {
  kind: 'header',
  accessKeyId: 'AKID',
  date: '20150830',
  region: 'us-east-1',
  service: 's3',
  signedHeaders: ['host', 'x-amz-date'],
  signature: '0'.repeat(64),
  amzDate: '20150830T123600Z',
};

/** The parsed signature with its correct signature (the string to sign comes back with a mismatch). */
function signed(r: SignedRequest, p: ParsedSignature, opts: VerifyOptions): ParsedSignature {
  const miss = verifySignature(r, p, SECRET, T0, opts);
  assert.ok(!miss.ok && miss.stringToSign, 'a wrong signature is a mismatch with the string to sign');
  return { ...p, signature: computeSignature(getSigningKey(SECRET, p.date, p.region, p.service), miss.stringToSign) };
}
const outcome = (r: VerifyResult) => (r.ok ? 'ok' : `${r.error.code}: ${r.error.message}`);

test('accepted: what each step lets through', () => {
  const cases: { name: string; r: SignedRequest; p: ParsedSignature; now: Date; opts: VerifyOptions }[] = [
    { name: 'S3, header form', r: req, p: base, now: T0, opts: { dialect: 's3', region: 'us-east-1', service: 's3' } },
    { name: 'IAM/STS, no scope expected', r: req, p: { ...base, service: 'iam' }, now: T0, opts: { dialect: 'query' } },
    { name: ':authority signed instead of host', r: { ...req, headers: [...req.headers, [':authority', 'h']] }, p: { ...base, signedHeaders: [':authority', 'x-amz-date'] }, now: T0, opts: { dialect: 'query' } },
    { name: 'S3: x-amz-content-sha256 may be unsigned', r: req, p: base, now: T0, opts: { dialect: 's3' } },
    { name: 'exactly 15 minutes behind', r: req, p: base, now: at('2015-08-30T12:51:00Z'), opts: { dialect: 's3' } },
    { name: 'presigned: until X-Amz-Expires', r: req, p: { ...base, kind: 'query', expires: 60 }, now: at('2015-08-30T12:37:00Z'), opts: { dialect: 's3' } },
    { name: 'presigned: up to 15 minutes early', r: req, p: { ...base, kind: 'query', expires: 60 }, now: at('2015-08-30T12:21:00Z'), opts: { dialect: 's3' } },
    { name: 'a larger skew when configured', r: req, p: base, now: at('2015-08-30T13:00:00Z'), opts: { dialect: 'query', maxSkewMs: 3600_000 } },
  ];
  for (const c of cases) {
    const r = verifySignature(c.r, signed(c.r, c.p, c.opts), SECRET, c.now, c.opts);
    assert.equal(outcome(r), 'ok', c.name);
    assert.ok(r.ok && r.scope === `${c.p.date}/${c.p.region}/${c.p.service}/aws4_request` && r.signingKey.length === 32, c.name);
  }
});

test('refusals, each with AWS code and message (and S3 detail fields)', () => {
  const cases: {
    name: string;
    r?: SignedRequest;
    p?: Partial<ParsedSignature>;
    now?: Date;
    opts: VerifyOptions;
    want: string;
    extra?: Record<string, string>;
  }[] = [
    {
      name: 'S3: wrong service',
      opts: { dialect: 's3', service: 'sts' },
      want: 'AuthorizationHeaderMalformed: The authorization header is malformed; incorrect service "s3". This endpoint belongs to "sts".',
    },
    {
      name: 'IAM/STS: wrong service',
      opts: { dialect: 'query', service: 'sts' },
      want: "SignatureDoesNotMatch: Credential should be scoped to correct service: 'sts'.",
    },
    {
      name: 'S3: wrong region names the right one',
      opts: { dialect: 's3', region: 'eu-west-1' },
      want: "AuthorizationHeaderMalformed: The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
      extra: { Region: 'eu-west-1' },
    },
    {
      name: 'S3: host not signed',
      p: { signedHeaders: ['x-amz-date'] },
      opts: { dialect: 's3' },
      want: 'AccessDenied: There were headers present in the request which were not signed',
      extra: { HeadersNotSigned: 'host' },
    },
    {
      name: 'S3: x-amz-date present but not signed',
      p: { signedHeaders: ['host'] },
      opts: { dialect: 's3' },
      want: 'AccessDenied: There were headers present in the request which were not signed',
      extra: { HeadersNotSigned: 'x-amz-date' },
    },
    {
      name: 'IAM/STS: x-amz-* unsigned is not refused by this step (the signature decides)',
      p: { signedHeaders: ['host'] },
      opts: { dialect: 'query' },
      want: 'SignatureDoesNotMatch: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    },
    {
      name: 'an unreadable request time',
      p: { amzDate: '2015-08-30' },
      opts: { dialect: 'query' },
      want: "IncompleteSignature: Date must be in ISO-8601 'basic format'. Got '2015-08-30'.",
    },
    {
      name: 'S3 presigned: dated more than 15 minutes ahead',
      p: { kind: 'query', expires: 60 },
      now: at('2015-08-30T12:20:59Z'),
      opts: { dialect: 's3' },
      want: 'AccessDenied: Request is not valid yet',
      extra: { 'X-Amz-Date': '20150830T123600Z', ServerTime: '2015-08-30T12:20:59.000Z' },
    },
    {
      name: 'IAM/STS presigned: dated more than 15 minutes ahead',
      p: { kind: 'query', expires: 60 },
      now: at('2015-08-30T12:20:00Z'),
      opts: { dialect: 'query' },
      want: 'SignatureDoesNotMatch: Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)',
    },
    {
      name: 'S3 presigned: expired',
      p: { kind: 'query', expires: 60 },
      now: at('2015-08-30T12:37:01Z'),
      opts: { dialect: 's3' },
      want: 'AccessDenied: Request has expired',
      extra: { 'X-Amz-Expires': '60', Expires: '2015-08-30T12:37:00Z', ServerTime: '2015-08-30T12:37:01Z' },
    },
    {
      name: 'IAM/STS presigned: expired',
      p: { kind: 'query', expires: 60 },
      now: at('2015-08-30T12:37:01Z'),
      opts: { dialect: 'query' },
      want: 'SignatureDoesNotMatch: Signature expired: 20150830T123700Z is now earlier than 20150830T123701Z (20150830T123600Z + 60 sec.)',
    },
    {
      name: 'S3: dated more than 15 minutes ahead',
      now: at('2015-08-30T12:20:59Z'),
      opts: { dialect: 's3' },
      want: 'RequestTimeTooSkewed: The difference between the request time and the current time is too large.',
      extra: { RequestTime: '20150830T123600Z', ServerTime: '20150830T122059Z', MaxAllowedSkewMilliseconds: '900000' },
    },
  ];
  for (const c of cases) {
    const r = verifySignature(c.r ?? req, { ...base, ...c.p } as ParsedSignature, SECRET, c.now ?? T0, c.opts);
    assert.equal(outcome(r), c.want, c.name);
    if (c.extra) assert.deepEqual(!r.ok && r.error.extra, c.extra, c.name);
  }
});

test('a mismatch returns the canonical request and string to sign (S3 echoes them); the scope refusals do not', () => {
  const miss = verifySignature(req, base, SECRET, T0, { dialect: 's3' });
  assert.ok(!miss.ok);
  assert.equal(miss.canonicalRequest, 'GET\n/a\n\nhost:h\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\nUNSIGNED-PAYLOAD');
  assert.ok(miss.stringToSign?.startsWith('AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/s3/aws4_request\n'));
  const scope = verifySignature(req, base, SECRET, T0, { dialect: 's3', region: 'eu-west-1' });
  assert.ok(!scope.ok && scope.canonicalRequest === undefined && scope.stringToSign === undefined);
});

test('a moved server clock (realNowMs given): skew against the real time, presigned expiry against the server time', () => {
  const real = T0.getTime() + 60_000; // the host's time, a minute after signing
  const moved = at('2015-08-30T14:00:00Z'); // the server's time, moved ahead by a test clock
  const header: VerifyOptions = { dialect: 'query', realNowMs: real };
  const h = { ...base, service: 'sts' };
  assert.equal(outcome(verifySignature(req, signed(req, h, header), SECRET, moved, header)), 'ok', 'a header signature made at the real time stays valid');
  const s3: VerifyOptions = { dialect: 's3', realNowMs: real };
  const url = { ...base, kind: 'query' as const, expires: 3600 };
  assert.equal(outcome(verifySignature(req, signed(req, url, s3), SECRET, at('2015-08-30T13:35:00Z'), s3)), 'ok', 'inside X-Amz-Expires on the server clock');
  const late = verifySignature(req, signed(req, url, s3), SECRET, moved, s3);
  assert.ok(!late.ok && late.error.code === 'AccessDenied' && late.error.message === 'Request has expired', outcome(late));
  // Dated ahead of the real time by more than 15 minutes: not yet valid, whatever the server's clock says.
  const ahead = { ...s3, realNowMs: T0.getTime() - 16 * 60_000 };
  const early = verifySignature(req, signed(req, url, s3), SECRET, moved, ahead);
  assert.ok(!early.ok && early.error.message === 'Request is not valid yet', outcome(early));
  const skewed = verifySignature(req, signed(req, h, header), SECRET, T0, { ...header, realNowMs: T0.getTime() + 16 * 60_000 });
  assert.ok(!skewed.ok && skewed.error.code === 'SignatureDoesNotMatch' && /^Signature expired: /.test(skewed.error.message), outcome(skewed));
});
