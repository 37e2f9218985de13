/**
 * A test identity provider for SAML: its key and certificate made with openssl, its metadata for IAM's
 * CreateSAMLProvider, and SAML responses signed by xmlsec1 (the approach of test/e2e/federation-saml.test.ts,
 * shared here for the client tests).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AWS_SAML_AUDIENCE = 'https://signin.aws.amazon.com/saml';

export interface TestIdp {
  issuer: string;
  /** The IdP metadata document, with its signing certificate. */
  metadata: string;
  /** A signed SAML response (XML) asserting `nameId` with the given role pairs ("role,provider"). */
  response(o: { nameId: string; rolePairs: string[]; sessionName?: string }): string;
  remove(): void;
}

const iso = (d: Date) => d.toISOString();
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000);

const signatureTemplate = (id: string) =>
  `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo></ds:Signature>`;

export function createTestIdp(issuer = 'https://idp.example.test/saml'): TestIdp {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-idp-'));
  const key = join(dir, 'idp.key');
  const crt = join(dir, 'idp.crt');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', crt, '-days', '2', '-subj', '/CN=test-idp'], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const cert = readFileSync(crt, 'utf8').replace(/-----[A-Z ]+-----|\s+/g, '');
  const metadata = `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${issuer}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

  function sign(xml: string): string {
    const file = join(dir, `${randomUUID()}.xml`);
    writeFileSync(file, xml);
    const r = spawnSync('xmlsec1', ['--sign', '--privkey-pem', `${key},${crt}`, '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', file], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  }

  return {
    issuer,
    metadata,
    response({ nameId, rolePairs, sessionName }) {
      const id = `_a${randomUUID()}`;
      const attrs: Record<string, string[]> = {
        'https://aws.amazon.com/SAML/Attributes/Role': rolePairs,
        'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [sessionName ?? nameId],
      };
      const attrXml = Object.entries(attrs)
        .map(([n, vs]) => `<saml:Attribute Name="${n}">${vs.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
        .join('');
      const assertion = `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${iso(new Date())}"><saml:Issuer>${issuer}</saml:Issuer>${signatureTemplate(id)}<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${nameId}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(inMinutes(5))}" Recipient="${AWS_SAML_AUDIENCE}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(inMinutes(-1))}" NotOnOrAfter="${iso(inMinutes(5))}"><saml:AudienceRestriction><saml:Audience>${AWS_SAML_AUDIENCE}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(new Date())}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attrXml}</saml:AttributeStatement></saml:Assertion>`;
      const response = `<?xml version="1.0" encoding="UTF-8"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${AWS_SAML_AUDIENCE}"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
      return sign(response);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
