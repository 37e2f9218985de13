/**
 * AssumeRoleWithSAML against a real server: SAML responses signed by xmlsec1 (the IdP's key and certificate
 * made with openssl at test time, its metadata registered with IAM's CreateSAMLProvider), seed 002 through
 * boto3 unchanged, then one test per refusal (signature wrapping variants, comments in NameID, DTDs,
 * unsigned, foreign certificate, audience, recipient, time windows, 5-minute rule, replay — also across two
 * processes sharing one store).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, CreateSAMLProviderCommand, IAMClient, AttachRolePolicyCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { python, sdkConfig } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

const ISSUER = 'https://idp.example.test/saml';
const SIGNIN = 'https://signin.aws.amazon.com/saml';
const PUBLIC_URL = 'https://tessera.example.test';
const dir = mkdtempSync(join(tmpdir(), 'tessera-saml-'));

function openssl(name: string) {
  const r = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.crt`), '-days', '2', '-subj', `/CN=${name}`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return readFileSync(join(dir, `${name}.crt`), 'utf8').replace(/-----[A-Z ]+-----|\s+/g, '');
}

const metadataFor = (certB64: string) => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${ISSUER}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certB64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;

const sigTemplate = (id: string) => `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/><ds:Reference URI="#${id}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo></ds:Signature>`;

interface AssertionOpts {
  id?: string;
  nameId?: string;
  format?: string;
  issueInstant?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  audience?: string;
  recipient?: string;
  roles?: string[];
  sessionName?: string | null;
  sessionDuration?: number;
  sessionNotOnOrAfter?: Date;
  extraAttributes?: Record<string, string[]>;
  signed?: boolean;
}

const iso = (d: Date) => d.toISOString();
const ms = (minutes: number) => new Date(Date.now() + minutes * 60_000);

function assertionXml(o: AssertionOpts & { id: string }): string {
  const attrs: Record<string, string[]> = {
    'https://aws.amazon.com/SAML/Attributes/Role': o.roles ?? [],
    ...(o.sessionName === null ? {} : { 'https://aws.amazon.com/SAML/Attributes/RoleSessionName': [o.sessionName ?? 'alice@example.test'] }),
    ...(o.sessionDuration ? { 'https://aws.amazon.com/SAML/Attributes/SessionDuration': [String(o.sessionDuration)] } : {}),
    ...(o.extraAttributes ?? {}),
  };
  const attrXml = Object.entries(attrs)
    .map(([n, vs]) => `<saml:Attribute Name="${n}">${vs.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`)
    .join('');
  return `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${o.id}" Version="2.0" IssueInstant="${iso(o.issueInstant ?? new Date())}"><saml:Issuer>${ISSUER}</saml:Issuer>${o.signed === false ? '' : sigTemplate(o.id)}<saml:Subject><saml:NameID Format="${o.format ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${o.nameId ?? 'alice@example.test'}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(o.notOnOrAfter ?? ms(5))}" Recipient="${o.recipient ?? SIGNIN}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${iso(o.notBefore ?? ms(-1))}" NotOnOrAfter="${iso(o.notOnOrAfter ?? ms(5))}"><saml:AudienceRestriction><saml:Audience>${o.audience ?? SIGNIN}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${iso(new Date())}"${o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(o.sessionNotOnOrAfter)}"` : ''}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${attrXml}</saml:AttributeStatement></saml:Assertion>`;
}

const responseXml = (inner: string, opts: { id?: string; status?: string; signed?: boolean } = {}) => {
  const id = opts.id ?? `_r${randomUUID()}`;
  return `<?xml version="1.0" encoding="UTF-8"?><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${id}" Version="2.0" IssueInstant="${iso(new Date())}" Destination="${SIGNIN}"><saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${ISSUER}</saml:Issuer>${opts.signed ? sigTemplate(id) : ''}<samlp:Status><samlp:StatusCode Value="${opts.status ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>${inner}</samlp:Response>`;
};

/** Signs the first Signature template with xmlsec1 (the IdP's key by default). */
function xmlsecSign(xml: string, key = 'idp'): string {
  const file = join(dir, `${randomUUID()}.xml`);
  writeFileSync(file, xml);
  const r = spawnSync(
    'xmlsec1',
    ['--sign', '--privkey-pem', `${join(dir, `${key}.key`)},${join(dir, `${key}.crt`)}`, '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:protocol:Response', file],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

let server: TestServer;
let iam: IAMClient;
let sts: STSClient;
let providerArn: string;
let roleArn: string;
let otherProviderArn: string;

/** A signed response for the test role, with the assertion signed (the common IdP setup). */
function signedResponse(o: AssertionOpts = {}, key = 'idp'): string {
  const id = o.id ?? `_a${randomUUID()}`;
  return xmlsecSign(responseXml(assertionXml({ roles: [`${roleArn},${providerArn}`], ...o, id })), key);
}

async function assume(samlXml: string, extra: { RoleArn?: string; PrincipalArn?: string; DurationSeconds?: number } = {}) {
  return sts.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: b64(samlXml), ...extra }));
}

async function refused(samlXml: string, code: string, message?: RegExp, extra = {}) {
  await assert.rejects(assume(samlXml, extra), (e: { name?: string; Code?: string; message?: string; $metadata?: { httpStatusCode?: number } }) => {
    // The SDK names modelled errors after their shape (InvalidIdentityTokenException for InvalidIdentityToken).
    assert.ok(e.name === code || e.name === `${code}Exception`, `${e.name}: ${e.message}`);
    if (message) assert.match(e.message ?? '', message);
    return true;
  });
}

before(async () => {
  openssl('idp');
  openssl('evil');
  server = await startServer({ dataDir: join(dir, 'data'), env: { TESSERA_PUBLIC_URL: PUBLIC_URL } });
  iam = new IAMClient(sdkConfig(server));
  sts = new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: 'UNUSEDUNUSEDUNUSED', secretAccessKey: 'unused' } });
  const cert = readFileSync(join(dir, 'idp.crt'), 'utf8').replace(/-----[A-Z ]+-----|\s+/g, '');
  providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Google', SAMLMetadataDocument: metadataFor(cert) }))).SAMLProviderArn!;
  otherProviderArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Other', SAMLMetadataDocument: metadataFor(cert) }))).SAMLProviderArn!;
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Federated: providerArn },
        Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'],
        Condition: { StringEquals: { 'saml:iss': ISSUER, 'saml:namequalifier': '${saml:namequalifier}' }, StringLike: { 'saml:sub': '*@example.test' } },
      },
    ],
  };
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'GSuiteMember', AssumeRolePolicyDocument: JSON.stringify(trust), MaxSessionDuration: 7200 }))).Role!.Arn!;
  await iam.send(new AttachRolePolicyCommand({ RoleName: 'GSuiteMember', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' })).catch(() => undefined);
});

after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('seed 002: boto3 AssumeRoleWithSAML, then a Session with the keys', () => {
  test('the blog post code, unchanged apart from the endpoint', () => {
    const saml = b64(signedResponse());
    const script = String.raw`
import boto3, json, os
role_arn = os.environ['ROLE_ARN']
idp_arn = os.environ['IDP_ARN']
saml_response = os.environ['SAML']
sts = boto3.client('sts')
response = sts.assume_role_with_saml(RoleArn=role_arn, PrincipalArn=idp_arn, SAMLAssertion=saml_response)
credentials = response['Credentials']
session = boto3.session.Session(
    aws_access_key_id=credentials['AccessKeyId'],
    aws_secret_access_key=credentials['SecretAccessKey'],
    aws_session_token=credentials['SessionToken'],
    region_name='ap-northeast-1',
)
ident = session.client('sts').get_caller_identity()
buckets = session.client('s3').list_buckets()
print(json.dumps({'arn': ident['Arn'], 'subject': response['Subject'], 'type': response['SubjectType'], 'issuer': response['Issuer'], 'audience': response['Audience'], 'nq': response['NameQualifier'], 'buckets': len(buckets['Buckets'])}))
`;
    const r = python(server, script, server.root, { AWS_ENDPOINT_URL: server.url, ROLE_ARN: roleArn, IDP_ARN: providerArn, SAML: saml });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    assert.equal(out.arn, `arn:aws:sts::${server.accountId}:assumed-role/GSuiteMember/alice@example.test`);
    assert.equal(out.subject, 'alice@example.test');
    assert.equal(out.type, 'persistent');
    assert.equal(out.issuer, ISSUER);
    assert.equal(out.audience, SIGNIN);
    assert.equal(out.nq, createHash('sha1').update(ISSUER + server.accountId + '/Google').digest('base64'));
  });
});

describe('accepted', () => {
  test('Tessera announced audience and recipient; SessionDuration capped by SessionNotOnOrAfter', async () => {
    const end = ms(20);
    const r = await assume(signedResponse({ audience: `${PUBLIC_URL}/saml`, recipient: `${PUBLIC_URL}/saml`, sessionDuration: 3600, sessionNotOnOrAfter: end }));
    assert.equal(r.Audience, `${PUBLIC_URL}/saml`);
    assert.ok(Math.abs(r.Credentials!.Expiration!.getTime() - end.getTime()) < 1500);
    const who = await new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } }).send(new GetCallerIdentityCommand({}));
    assert.match(who.Arn!, /assumed-role\/GSuiteMember\/alice@example.test$/);
  });

  test('role and provider in either order; PrincipalTag passes tags (needs sts:TagSession)', async () => {
    const r = await assume(signedResponse({ roles: [`${providerArn},${roleArn}`], extraAttributes: { 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:team': ['blue'] } }));
    assert.ok((r.PackedPolicySize ?? 0) > 0);
  });

  test('DurationSeconds above the role maximum is a ValidationError', async () => {
    await refused(signedResponse(), 'ValidationError', /MaxSessionDuration/, { DurationSeconds: 10_800 });
  });
});

describe('refused', () => {
  test('unsigned response', async () => {
    const id = `_a${randomUUID()}`;
    await refused(responseXml(assertionXml({ id, roles: [`${roleArn},${providerArn}`], signed: false })), 'InvalidIdentityToken', /signature/i);
  });

  test('signed with a certificate that is not in the metadata', async () => {
    await refused(signedResponse({}, 'evil'), 'InvalidIdentityToken', /signature invalid/);
  });

  test('tampered after signing', async () => {
    await refused(signedResponse().replace('alice@example.test</saml:NameID>', 'mallory@example.test</saml:NameID>'), 'InvalidIdentityToken', /signature invalid/);
  });

  test('wrapping: a second, unsigned assertion before the signed one', async () => {
    const good = signedResponse();
    const evil = assertionXml({ id: '_evil', nameId: 'admin@example.test', roles: [`${roleArn},${providerArn}`], signed: false });
    await refused(good.replace('</samlp:Status>', `</samlp:Status>${evil}`), 'InvalidIdentityToken');
  });

  test('wrapping: a second, unsigned assertion after the signed one', async () => {
    const good = signedResponse();
    const evil = assertionXml({ id: '_evil', nameId: 'admin@example.test', roles: [`${roleArn},${providerArn}`], signed: false });
    await refused(good.replace('</samlp:Response>', `${evil}</samlp:Response>`), 'InvalidIdentityToken');
  });

  test('wrapping: the signed assertion moved into Extensions, an evil one in its place', async () => {
    const good = signedResponse();
    const start = good.indexOf('<saml:Assertion');
    const end = good.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
    const signedAssertion = good.slice(start, end);
    const evil = assertionXml({ id: '_evil', nameId: 'admin@example.test', roles: [`${roleArn},${providerArn}`], signed: false });
    const wrapped = good.slice(0, start) + evil + good.slice(end);
    await refused(wrapped.replace('<samlp:Status>', `<samlp:Extensions>${signedAssertion}</samlp:Extensions><samlp:Status>`), 'InvalidIdentityToken');
  });

  test('wrapping: the evil assertion carries the signed one\'s ID (the signature moved along)', async () => {
    const id = `_a${randomUUID()}`;
    const good = signedResponse({ id });
    const sig = good.slice(good.indexOf('<ds:Signature'), good.indexOf('</ds:Signature>') + '</ds:Signature>'.length);
    const evil = assertionXml({ id, nameId: 'admin@example.test', roles: [`${roleArn},${providerArn}`], signed: false }).replace(`${ISSUER}</saml:Issuer>`, `${ISSUER}</saml:Issuer>${sig}`);
    const start = good.indexOf('<saml:Assertion');
    const end = good.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
    await refused(good.slice(0, start) + evil + good.slice(end), 'InvalidIdentityToken', /signature invalid/);
  });

  test('wrapping: a signed Response wrapping an evil assertion', async () => {
    const id = `_a${randomUUID()}`;
    const signed = xmlsecSign(responseXml(assertionXml({ id, roles: [`${roleArn},${providerArn}`], signed: false }), { signed: true }));
    // (a) the assertion inside the signed Response swapped for an evil one
    const evil = assertionXml({ id, nameId: 'admin@example.test', roles: [`${roleArn},${providerArn}`], signed: false });
    const start = signed.indexOf('<saml:Assertion');
    const end = signed.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length;
    await refused(signed.slice(0, start) + evil + signed.slice(end), 'InvalidIdentityToken', /signature invalid/);
    // (b) the whole signed Response tucked into an evil Response's Extensions
    const inner = signed.replace(/^<\?xml[^>]*\?>/, '');
    const outer = responseXml(evil.replace(`ID="${id}"`, 'ID="_evil2"'), { id: '_outer' }).replace('<samlp:Status>', `<samlp:Extensions>${inner}</samlp:Extensions><samlp:Status>`);
    await refused(outer, 'InvalidIdentityToken');
  });

  test('a signed Response (no assertion signature) is accepted', async () => {
    const id = `_a${randomUUID()}`;
    const signed = xmlsecSign(responseXml(assertionXml({ id, roles: [`${roleArn},${providerArn}`], signed: false }), { signed: true }));
    const r = await assume(signed);
    assert.equal(r.Subject, 'alice@example.test');
  });

  test('a comment inside NameID (canonicalization trick)', async () => {
    const good = signedResponse({ nameId: 'alice@example.test.evil.test' });
    await refused(good.replace('alice@example.test.evil.test</saml:NameID>', 'alice@example.test<!---->.evil.test</saml:NameID>'), 'InvalidIdentityToken');
  });

  test('a DOCTYPE (entities) is refused before parsing', async () => {
    const good = signedResponse();
    await refused(good.replace(/^<\?xml[^>]*\?>/, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "x">]>'), 'InvalidIdentityToken', /DTD/);
  });

  test('wrong audience', async () => {
    await refused(signedResponse({ audience: 'https://evil.example.test/saml' }), 'InvalidIdentityToken', /Audience/);
  });

  test('wrong recipient', async () => {
    await refused(signedResponse({ recipient: 'https://evil.example.test/acs' }), 'InvalidIdentityToken', /Recipient/);
  });

  test('NotBefore in the future', async () => {
    await refused(signedResponse({ notBefore: ms(10), notOnOrAfter: ms(15) }), 'InvalidIdentityToken', /NotBefore/);
  });

  test('NotOnOrAfter passed (expired assertion)', async () => {
    await refused(signedResponse({ issueInstant: ms(-4), notBefore: ms(-4), notOnOrAfter: ms(-2) }), 'ExpiredTokenException');
  });

  test('IssueInstant older than 5 minutes', async () => {
    await refused(signedResponse({ issueInstant: ms(-6), notBefore: ms(-6), notOnOrAfter: ms(10) }), 'ExpiredTokenException', /Token must be redeemed within 5 minutes of issuance/);
  });

  test('replay: the same assertion twice', async () => {
    const saml = signedResponse();
    await assume(saml);
    await refused(saml, 'InvalidIdentityToken', /already been used/);
  });

  test('replay across two processes sharing the store', async () => {
    const second = await startServer({ dataDir: join(dir, 'data'), root: server.root, accountId: server.accountId });
    try {
      const saml = signedResponse();
      await assume(saml);
      const sts2 = new STSClient({ ...sdkConfig(second), credentials: { accessKeyId: 'UNUSEDUNUSEDUNUSED', secretAccessKey: 'unused' } });
      await assert.rejects(sts2.send(new AssumeRoleWithSAMLCommand({ RoleArn: roleArn, PrincipalArn: providerArn, SAMLAssertion: b64(saml) })), (e: Error) => {
        assert.equal(e.name, 'InvalidIdentityTokenException');
        return true;
      });
    } finally {
      await second.stop();
    }
  });

  test('the Role attribute does not pair the requested role with the provider', async () => {
    await refused(signedResponse({ roles: [`${roleArn},${otherProviderArn}`] }), 'AccessDenied', /Not authorized to perform sts:AssumeRoleWithSAML/);
  });

  test('the trust policy does not trust the provider', async () => {
    const saml = xmlsecSign(responseXml(assertionXml({ id: `_a${randomUUID()}`, roles: [`${roleArn},${otherProviderArn}`] })));
    await refused(saml, 'AccessDenied', /Not authorized/, { PrincipalArn: otherProviderArn });
  });

  test('the trust policy condition fails (saml:sub)', async () => {
    await refused(signedResponse({ nameId: 'bob@elsewhere.test' }), 'AccessDenied', /Not authorized/);
  });

  test('RoleSessionName missing', async () => {
    await refused(signedResponse({ sessionName: null }), 'InvalidIdentityToken', /RoleSessionName/);
  });

  test('IdP status not Success', async () => {
    const id = `_a${randomUUID()}`;
    const saml = xmlsecSign(responseXml(assertionXml({ id, roles: [`${roleArn},${providerArn}`] }), { status: 'urn:oasis:names:tc:SAML:2.0:status:Requester' }));
    await refused(saml, 'IDPRejectedClaim');
  });

  test('unknown provider', async () => {
    await refused(signedResponse(), 'InvalidIdentityToken', /provider/, { PrincipalArn: `arn:aws:iam::${server.accountId}:saml-provider/Nope` });
  });
});

describe('ABAC: PrincipalTag attributes are the session\'s aws:PrincipalTag keys', () => {
  const TAG = 'https://aws.amazon.com/SAML/Attributes/PrincipalTag:';
  const teamBucket = { Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}-data' };
  let teamRole: string;
  let strictRole: string;
  const s3As = (r: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }) =>
    new S3Client({ ...sdkConfig(server), forcePathStyle: true, credentials: { accessKeyId: r.Credentials!.AccessKeyId!, secretAccessKey: r.Credentials!.SecretAccessKey!, sessionToken: r.Credentials!.SessionToken! } });
  const trustFor = (actions: string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: actions }] });

  before(async () => {
    const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
    for (const b of ['blue-data', 'red-data']) await s3.send(new CreateBucketCommand({ Bucket: b }));
    // The role's own tag is red: the session's team tag overrides it.
    teamRole = (await iam.send(new CreateRoleCommand({ RoleName: 'SamlTeam', AssumeRolePolicyDocument: trustFor(['sts:AssumeRoleWithSAML', 'sts:TagSession']), Tags: [{ Key: 'team', Value: 'red' }] }))).Role!.Arn!;
    strictRole = (await iam.send(new CreateRoleCommand({ RoleName: 'SamlNoTags', AssumeRolePolicyDocument: trustFor(['sts:AssumeRoleWithSAML']) }))).Role!.Arn!;
    for (const name of ['SamlTeam', 'SamlNoTags']) {
      await iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'team', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [teamBucket] }) }));
    }
  });

  test('team=blue from the IdP: the blue bucket allowed, the red one (the role\'s own tag) AccessDenied', async () => {
    const r = await assume(signedResponse({ roles: [`${teamRole},${providerArn}`], extraAttributes: { [`${TAG}team`]: ['blue'] } }), { RoleArn: teamRole });
    await s3As(r).send(new ListObjectsV2Command({ Bucket: 'blue-data' }));
    await assert.rejects(s3As(r).send(new ListObjectsV2Command({ Bucket: 'red-data' })), (e: Error) => e.name === 'AccessDenied');
  });

  test('without the attribute the role\'s own tag applies: red allowed, blue AccessDenied', async () => {
    const r = await assume(signedResponse({ roles: [`${teamRole},${providerArn}`] }), { RoleArn: teamRole });
    await s3As(r).send(new ListObjectsV2Command({ Bucket: 'red-data' }));
    await assert.rejects(s3As(r).send(new ListObjectsV2Command({ Bucket: 'blue-data' })), (e: Error) => e.name === 'AccessDenied');
  });

  test('a trust policy without sts:TagSession refuses an assertion that passes tags (AccessDenied), and accepts one that passes none', async () => {
    await refused(signedResponse({ roles: [`${strictRole},${providerArn}`], extraAttributes: { [`${TAG}team`]: ['blue'] } }), 'AccessDenied', /sts:TagSession/, { RoleArn: strictRole });
    const r = await assume(signedResponse({ roles: [`${strictRole},${providerArn}`] }), { RoleArn: strictRole });
    await assert.rejects(s3As(r).send(new ListObjectsV2Command({ Bucket: 'blue-data' })), (e: Error) => e.name === 'AccessDenied');
  });
});
