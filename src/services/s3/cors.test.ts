import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { corsConfigurationXml, corsHeaders, matchActual, matchPreflight, parseCorsConfiguration, requestedHeaders, wildcardMatch } from './cors.js';

const doc = (rules: string) => `<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${rules}</CORSConfiguration>`;
const rule = (inner: string) => `<CORSRule>${inner}</CORSRule>`;

describe('parseCorsConfiguration', () => {
  test('a full rule round-trips through GetBucketCors XML', () => {
    const xml = doc(
      rule('<ID>r1</ID><AllowedHeader>x-amz-*</AllowedHeader><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>https://*.example.com</AllowedOrigin><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>'),
    );
    const rules = parseCorsConfiguration(xml);
    assert.deepEqual(rules, [{ id: 'r1', allowedOrigins: ['https://*.example.com'], allowedMethods: ['GET', 'PUT'], allowedHeaders: ['x-amz-*'], exposeHeaders: ['ETag'], maxAgeSeconds: 3000 }]);
    assert.deepEqual(parseCorsConfiguration(corsConfigurationXml(rules)), rules);
  });

  const refusals: Array<[string, string, string, RegExp?]> = [
    ['no rule', doc(''), 'MalformedXML'],
    ['not XML', '<CORSConfiguration>', 'MalformedXML'],
    ['wrong root', '<Cors/>', 'MalformedXML'],
    ['no AllowedOrigin', doc(rule('<AllowedMethod>GET</AllowedMethod>')), 'MalformedXML'],
    ['no AllowedMethod', doc(rule('<AllowedOrigin>*</AllowedOrigin>')), 'MalformedXML'],
    ['PATCH', doc(rule('<AllowedMethod>PATCH</AllowedMethod><AllowedOrigin>*</AllowedOrigin>')), 'InvalidRequest', /Unsupported method is PATCH/],
    ['lower-case get', doc(rule('<AllowedMethod>get</AllowedMethod><AllowedOrigin>*</AllowedOrigin>')), 'InvalidRequest'],
    ['two origin wildcards', doc(rule('<AllowedMethod>GET</AllowedMethod><AllowedOrigin>http://*.*.com</AllowedOrigin>')), 'InvalidRequest', /more than one wildcard/],
    ['two header wildcards', doc(rule('<AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><AllowedHeader>x-*-*</AllowedHeader>')), 'InvalidRequest'],
    ['MaxAgeSeconds not a number', doc(rule('<AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin><MaxAgeSeconds>soon</MaxAgeSeconds>')), 'MalformedXML'],
    ['101 rules', doc(rule('<AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin>').repeat(101)), 'InvalidRequest', /100 rules/],
  ];
  for (const [name, xml, code, message] of refusals) {
    test(`refused: ${name} → ${code}`, () => {
      assert.throws(() => parseCorsConfiguration(xml), (e: unknown) => e instanceof ServiceError && e.code === code && e.status === 400 && (!message || message.test(e.message)));
    });
  }
  test('100 rules are accepted', () => {
    assert.equal(parseCorsConfiguration(doc(rule('<AllowedMethod>GET</AllowedMethod><AllowedOrigin>*</AllowedOrigin>').repeat(100))).length, 100);
  });
});

describe('matching', () => {
  const rules = parseCorsConfiguration(
    doc(
      rule('<AllowedMethod>PUT</AllowedMethod><AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedHeader>x-amz-*</AllowedHeader><AllowedHeader>Content-Type</AllowedHeader>') +
        rule('<AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod><AllowedOrigin>*</AllowedOrigin><MaxAgeSeconds>60</MaxAgeSeconds>'),
    ),
  );
  const cases: Array<[string, string, string, string | undefined, number | undefined]> = [
    ['origin and method and headers', 'https://app.example.com', 'PUT', 'X-Amz-Date, content-type', 0],
    ['a header no rule allows', 'https://app.example.com', 'PUT', 'x-custom', undefined],
    ['an origin outside the wildcard', 'https://example.org', 'PUT', undefined, undefined],
    ['GET from anywhere', 'http://other.test', 'GET', undefined, 1],
    ['GET with a header: the * rule allows none', 'http://other.test', 'GET', 'x-amz-date', undefined],
    ['DELETE nowhere', 'https://app.example.com', 'DELETE', undefined, undefined],
  ];
  for (const [name, origin, method, headers, expected] of cases) {
    test(`preflight: ${name}`, () => {
      const r = matchPreflight(rules, origin, method, requestedHeaders(headers));
      assert.equal(r === undefined ? undefined : rules.indexOf(r), expected);
    });
  }
  test('actual requests: origin and method only', () => {
    assert.equal(matchActual(rules, 'https://a.example.com', 'PUT'), rules[0]);
    assert.equal(matchActual(rules, 'https://evil.test', 'PUT'), undefined);
    assert.equal(matchActual(rules, 'https://evil.test', 'HEAD'), rules[1]);
  });
  test('headers: a named origin with credentials; * without', () => {
    assert.deepEqual(corsHeaders(rules[0]!, 'https://a.example.com', ['x-amz-date']), {
      'Access-Control-Allow-Origin': 'https://a.example.com',
      'Access-Control-Allow-Methods': 'PUT',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Headers': 'x-amz-date',
      Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
    assert.deepEqual(corsHeaders(rules[1]!, 'http://x.test'), {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, HEAD',
      'Access-Control-Max-Age': '60',
      Vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
    });
  });
  const wild: Array<[string, string, boolean]> = [
    ['*', 'anything', true],
    ['http://*.a.com', 'http://x.a.com', true],
    ['http://*.a.com', 'http://a.com', false],
    ['http://*.a.com', 'https://x.a.com', false],
    ['abc', 'abc', true],
    ['a*a', 'a', false],
  ];
  for (const [p, v, ok] of wild) test(`wildcard ${p} ~ ${v}: ${ok}`, () => assert.equal(wildcardMatch(p, v), ok));
});
