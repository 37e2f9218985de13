/**
 * The audit trail records the unsigned STS calls as AWS records them: AssumeRoleWithSAML and
 * AssumeRoleWithWebIdentity made through boto3 (no signature), answered and refused, then read back through
 * boto3's LookupEvents by EventName and Username. SAMLUser / WebIdentityUser identities, errorCode on the
 * refusals, the new access key id in responseElements and never the assertion, the token, the secret key or
 * the session token; a call naming a provider not registered in the role's account is recorded nowhere.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { CreateOpenIDConnectProviderCommand, CreateRoleCommand, CreateSAMLProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { python, sdkConfig } from '../helpers/clients.js';
import { createTestIdp, type TestIdp } from '../helpers/saml.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let idp: TestIdp;
let iam: IAMClient;

before(async () => {
  server = await startServer({ memory: false, args: ['--audit', 'on'] });
  idp = createTestIdp();
  iam = new IAMClient(sdkConfig(server));
});
after(async () => {
  iam?.destroy();
  idp?.remove();
  await server?.stop();
});

type Rec = Record<string, any>;

const SCRIPT = String.raw`
import base64, json, os, sys
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError
cfg = Config(retries={'total_max_attempts': 1})
E = os.environ['ENDPOINT']
sts = boto3.client('sts', endpoint_url=E, config=cfg)
out = {'calls': []}
def call(name, **kw):
    try:
        r = getattr(sts, name)(**kw)
        out['calls'].append({'ok': True, 'key': r['Credentials']['AccessKeyId'], 'secret': r['Credentials']['SecretAccessKey'], 'token': r['Credentials']['SessionToken']})
    except ClientError as e:
        out['calls'].append({'ok': False, 'code': e.response['Error']['Code']})
b64 = lambda s: base64.b64encode(s.encode()).decode()
role, provider, other = os.environ['ROLE_ARN'], os.environ['PROVIDER_ARN'], os.environ['OTHER_ROLE_ARN']
good = os.environ['GOOD']
call('assume_role_with_saml', RoleArn=role, PrincipalArn=provider, SAMLAssertion=b64(good))
call('assume_role_with_saml', RoleArn=role, PrincipalArn=provider, SAMLAssertion=b64(good))  # replayed
call('assume_role_with_saml', RoleArn=role, PrincipalArn=provider, SAMLAssertion=b64(good.replace('alice@example.test', 'mallory@example.test')))  # tampered
call('assume_role_with_saml', RoleArn=other, PrincipalArn=provider, SAMLAssertion=b64(os.environ['OTHER']))  # role pair not asserted
call('assume_role_with_saml', RoleArn=role.replace(role.split(':')[4], '999999999999'), PrincipalArn=provider, SAMLAssertion=b64(good))  # another account
call('assume_role_with_web_identity', RoleArn=role, RoleSessionName='web', WebIdentityToken=os.environ['JWT'])  # the IdP unreachable
ct = boto3.client('cloudtrail', endpoint_url=E, config=cfg)
def lookup(key, value):
    r = ct.lookup_events(LookupAttributes=[{'AttributeKey': key, 'AttributeValue': value}], MaxResults=50)
    return [dict(Username=e.get('Username'), AccessKeyId=e.get('AccessKeyId'), record=json.loads(e['CloudTrailEvent'])) for e in r['Events']]
out['saml'] = lookup('EventName', 'AssumeRoleWithSAML')
out['web'] = lookup('EventName', 'AssumeRoleWithWebIdentity')
out['alice'] = lookup('Username', 'alice@example.test')
out['mallory'] = lookup('Username', 'mallory@example.test')
print(json.dumps(out))
`;

/** An unsigned JWT-shaped token naming `iss` (the provider registered for it answers nothing). */
const jwt = (iss: string) => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${part({ iss, sub: 'user-1', aud: 'client', iat: now, exp: now + 600 })}.${Buffer.from('not-a-signature').toString('base64url')}`;
};

test('AssumeRoleWithSAML and AssumeRoleWithWebIdentity are recorded, answered and refused, without their secrets, and LookupEvents finds them', async () => {
  const acct = server.accountId;
  const providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
  await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://127.0.0.1:9', ClientIDList: ['client'], ThumbprintList: ['0'.repeat(40)] }));
  const trust = (action: string, federated: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: federated }, Action: action }] });
  const roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'federated', AssumeRolePolicyDocument: trust('sts:AssumeRoleWithSAML', providerArn) }))).Role!.Arn!;
  const otherArn = (await iam.send(new CreateRoleCommand({ RoleName: 'other', AssumeRolePolicyDocument: trust('sts:AssumeRoleWithSAML', providerArn) }))).Role!.Arn!;
  const good = idp.response({ nameId: 'alice@example.test', rolePairs: [`${roleArn},${providerArn}`] });
  const other = idp.response({ nameId: 'alice@example.test', rolePairs: [`${roleArn},${providerArn}`] }); // asserts `federated` only
  const token = jwt('https://127.0.0.1:9');

  const r = python(server, SCRIPT, server.root, { ROLE_ARN: roleArn, OTHER_ROLE_ARN: otherArn, PROVIDER_ARN: providerArn, GOOD: good, OTHER: other, JWT: token });
  assert.equal(r.status, 0, r.stderr);
  const o = JSON.parse(r.stdout) as Rec;
  const [ok, replayed, tampered, notAsserted, foreign, web] = o.calls as Rec[];
  assert.equal(ok!.ok, true);
  assert.deepEqual([replayed!.code, tampered!.code, notAsserted!.code, foreign!.ok, web!.code], ['InvalidIdentityToken', 'InvalidIdentityToken', 'AccessDenied', false, 'IDPCommunicationError']);

  // Four SAML calls recorded in the role's account (not the one naming an account without the provider).
  const saml = (o.saml as Rec[]).map((e) => e.record as Rec);
  assert.equal(saml.length, 4, JSON.stringify(saml.map((x) => x.errorCode)));
  const qualifier = createHash('sha1').update(`${idp.issuer}${acct}/Corp`, 'utf8').digest('base64');
  const samlUser = { type: 'SAMLUser', principalId: `${qualifier}:alice@example.test`, userName: 'alice@example.test', identityProvider: qualifier };
  const answered = saml.find((x) => !x.errorCode)!;
  assert.deepEqual(answered.userIdentity, samlUser);
  assert.deepEqual([answered.eventSource, answered.eventType, answered.readOnly, answered.recipientAccountId, answered.managementEvent], ['sts.amazonaws.com', 'AwsApiCall', false, acct, true]);
  assert.deepEqual(answered.requestParameters, { roleArn, principalArn: providerArn }, 'no assertion among the request parameters');
  assert.equal(answered.responseElements.credentials.accessKeyId, ok!.key);
  assert.ok(!('secretAccessKey' in answered.responseElements.credentials) && !('sessionToken' in answered.responseElements.credentials));
  assert.equal(answered.responseElements.subject, 'alice@example.test');
  assert.equal(answered.responseElements.nameQualifier, qualifier);
  // The refusals: errorCode and errorMessage; the identity as far as it was verified.
  const refused = (code: string) => saml.filter((x) => x.errorCode === code);
  assert.deepEqual(refused('InvalidIdentityToken').map((x) => x.userIdentity).sort((a, b) => Object.keys(a).length - Object.keys(b).length), [{ type: 'SAMLUser' }, samlUser], 'the tampered assertion names nobody; the replayed one its verified subject');
  assert.deepEqual(refused('AccessDenied')[0]?.userIdentity, samlUser);
  for (const x of saml) if (x.errorCode) assert.equal(x.responseElements, null);

  // The web identity call: refused (its IdP unreachable), recorded with its provider, no token.
  const webRecs = (o.web as Rec[]).map((e) => e.record as Rec);
  assert.equal(webRecs.length, 1);
  assert.deepEqual(webRecs[0]!.userIdentity, { type: 'WebIdentityUser', identityProvider: '127.0.0.1:9' });
  assert.equal(webRecs[0]!.errorCode, 'IDPCommunicationError');
  assert.deepEqual(webRecs[0]!.requestParameters, { roleArn, roleSessionName: 'web' });

  // LookupEvents by Username: the verified subject's calls; nobody by the tampered assertion's name.
  assert.deepEqual((o.alice as Rec[]).map((e) => e.Username), ['alice@example.test', 'alice@example.test', 'alice@example.test']);
  assert.deepEqual(o.mallory, []);

  // No secret anywhere: the assertions, the token, the issued secret key and session token.
  const text = JSON.stringify([o.saml, o.web]);
  for (const secret of [Buffer.from(good).toString('base64'), Buffer.from(other).toString('base64'), token, ok!.secret, ok!.token]) assert.ok(!text.includes(secret), 'no secret in the records');
  assert.ok(!text.includes('SignatureValue'), 'no part of an assertion in the records');
});
