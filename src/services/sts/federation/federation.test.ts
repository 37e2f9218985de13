import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { announcedSamlEndpoint, isAcceptedAudience, isAcceptedRecipient } from './endpoints.js';
import { decodeSamlResponse } from './saml.js';
import type { SamlClaims } from './samlAssertion.js';
import { nameQualifierOf, rolePairAsserted, subjectTypeOf } from './samlMapping.js';
import { SamlRefused, verifySamlResponse } from './samlSignature.js';
import { parseStrictXml, XmlRefused } from './xml.js';

test('NameQualifier is BASE64(SHA1(issuer + account + "/" + provider name)) as AWS documents it', () => {
  const expected = createHash('sha1').update('https://example.com/saml' + '123456789012' + '/MySAMLIdP').digest('base64');
  assert.equal(nameQualifierOf('https://example.com/saml', '123456789012', 'MySAMLIdP'), expected);
});

test('SubjectType drops only the SAML 2.0 nameid-format prefix', () => {
  assert.equal(subjectTypeOf('urn:oasis:names:tc:SAML:2.0:nameid-format:transient'), 'transient');
  assert.equal(subjectTypeOf('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'), 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
});

test('Role pairs match in either order, exactly', () => {
  const role = 'arn:aws:iam::123456789012:role/R';
  const idp = 'arn:aws:iam::123456789012:saml-provider/P';
  const claims = (v: string[]) => ({ attributes: new Map([['https://aws.amazon.com/SAML/Attributes/Role', v]]) }) as unknown as SamlClaims;
  assert.ok(rolePairAsserted(claims([`${role},${idp}`]), role, idp));
  assert.ok(rolePairAsserted(claims([`${idp}, ${role}`]), role, idp));
  assert.ok(!rolePairAsserted(claims([`${role}2,${idp}`]), role, idp));
  assert.ok(!rolePairAsserted(claims([`${role},${idp},${role}`]), role, idp));
});

test('endpoints: AWS sign-in (global, regional) and the announced one', () => {
  assert.ok(isAcceptedRecipient('https://signin.aws.amazon.com/saml', {}));
  assert.ok(isAcceptedRecipient('https://eu-west-1.signin.aws.amazon.com/saml', {}));
  assert.ok(!isAcceptedRecipient('https://evil.signin.aws.amazon.com.evil/saml', {}));
  assert.ok(isAcceptedAudience('urn:amazon:webservices', {}));
  assert.equal(announcedSamlEndpoint({ TESSERA_PUBLIC_URL: 'https://t.example/' }), 'https://t.example/saml');
  assert.ok(isAcceptedRecipient('https://t.example/saml', { TESSERA_PUBLIC_URL: 'https://t.example' }));
});

test('strict XML refuses DTDs and entities before parsing, and malformed XML', () => {
  assert.throws(() => parseStrictXml('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'), XmlRefused);
  assert.throws(() => parseStrictXml('<x><y></x>'), XmlRefused);
});

test('base64 SAMLResponse decoding refuses non-base64 and non-UTF-8', () => {
  assert.throws(() => decodeSamlResponse('not base64!'), /base64/);
  assert.throws(() => decodeSamlResponse(Buffer.from([0xff, 0xfe, 0xfd]).toString('base64')), /UTF-8/);
});

const P = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"';
const A = 'xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"';

test('structure refusals come before any signature work', () => {
  const refusedWith = (xml: string, re: RegExp) => assert.throws(() => verifySamlResponse(xml, []), (e: unknown) => e instanceof SamlRefused && re.test(e.message));
  refusedWith(`<saml:Assertion ${A} ID="a"/>`, /not a SAML Response/);
  refusedWith(`<samlp:Response ${P} ID="r"><saml:Assertion ${A} ID="a"/><saml:Assertion ${A} ID="b"/></samlp:Response>`, /exactly one Assertion/);
  refusedWith(`<samlp:Response ${P} ID="r"><samlp:Extensions><saml:Assertion ${A} ID="a"/></samlp:Extensions></samlp:Response>`, /exactly one Assertion/);
  refusedWith(`<samlp:Response ${P} ID="r"><saml:Assertion ${A} ID="r"/></samlp:Response>`, /duplicate ID/);
  refusedWith(`<samlp:Response ${P} ID="r"><saml:Assertion ${A} ID="a"><saml:NameID>x<!---->y</saml:NameID></saml:Assertion></samlp:Response>`, /comments/);
  refusedWith(`<samlp:Response ${P} ID="r"><saml:Assertion ${A} ID="a"/></samlp:Response>`, /not signed/);
});
