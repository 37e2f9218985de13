/**
 * State for test suites: a state file with every entity kind applied at `serve --init`, checked through
 * real clients (aws CLI, boto3, AWS SDK v3); `export-state` → `apply` round trip; re-apply is a no-op; bad
 * files are refused naming file:line and change nothing; POST /_admin/reset returns to the init state and is
 * refused without --allow-reset, without a signature and to anyone but the default account's root.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { CreateUserCommand, GetRoleCommand, GetUserCommand, IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { rejects } from '../helpers/aws-errors.js';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { oathtoolCode } from '../helpers/iam.js';
import { createTestIdp } from '../helpers/saml.js';
import { startServer, tesseraBin, type TestServer } from '../helpers/server.js';
import { selfSigned, sshKeygen } from '../helpers/x509.js';

const ACCOUNT = '123456789012';
const OTHER = '210987654321';
const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const BOB: Creds = { accessKeyId: 'AKIASTATEBOB00000001', secretAccessKey: 'bobSecret/state/test/0123456789' };

const CERT = selfSigned('state.example.test');
const SIGNING = selfSigned('bob signing');
const SSH = sshKeygen('bob@state');
const work = mkdtempSync(join(tmpdir(), 'tessera-state-'));
const stateFile = join(work, 'state.yaml');

const stateYaml = (samlMetadata: string) => `# every entity kind Tessera's state files know
accounts:
  - id: "${ACCOUNT}"
    policies:
      - name: ReadData
        path: /qa/
        description: read the data bucket
        document:
          Version: "2012-10-17"
          Statement:
            - { Effect: Allow, Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::state-data", "arn:aws:s3:::state-data/*"] }
        tags: { team: qa }
      - name: Boundary
        document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["s3:*", "sts:GetCallerIdentity", "sts:AssumeRole"], Resource: "*" }] }
    users:
      - name: alice
        tags: { team: qa, owner: alice }
        attachedPolicies: ["arn:aws:iam::${ACCOUNT}:policy/qa/ReadData"]
        inlinePolicies:
          assume: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:AssumeRole", Resource: "*" }] }
        accessKeys: [{}]
      - name: bob
        path: /people/
        permissionsBoundary: arn:aws:iam::${ACCOUNT}:policy/Boundary
        accessKeys: [{ id: ${BOB.accessKeyId}, secret: ${BOB.secretAccessKey} }]
        sshPublicKeys: [{ body: ${JSON.stringify(SSH.pub)} }]
        signingCertificates: [{ body: ${JSON.stringify(SIGNING.cert)}, status: Inactive }]
    groups:
      - name: devs
        members: [alice, bob]
        attachedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
        inlinePolicies:
          whoami: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["sts:GetCallerIdentity", "sts:AssumeRole"], Resource: "*" }] }
    roles:
      - name: deployer
        description: deploys things
        maxSessionDuration: 7200
        trustPolicy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${ACCOUNT}:user/alice"},"Action":"sts:AssumeRole"}]}'
        tags: { env: test }
        permissionsBoundary: arn:aws:iam::${ACCOUNT}:policy/Boundary
        attachedPolicies: ["arn:aws:iam::${ACCOUNT}:policy/qa/ReadData"]
        inlinePolicies:
          write: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:PutObject", Resource: "arn:aws:s3:::state-data/*" }] }
    mfaDevices:
      - name: alice-phone
        seed: ${SEED}
        user: alice
        tags: { kind: phone }
    instanceProfiles:
      - name: deployer-profile
        path: /ec2/
        role: deployer
        tags: { tier: web }
    serviceLinkedRoles:
      - { service: autoscaling.amazonaws.com, suffix: web, description: scales the web tier }
    serverCertificates:
      - name: web-cert
        path: /cloudfront/
        body: ${JSON.stringify(CERT.cert)}
        privateKey: ${JSON.stringify(CERT.key)}
        tags: { site: www }
    samlProviders:
      - name: corp-idp
        metadata: ${JSON.stringify(samlMetadata)}
        tags: { idp: corp }
    oidcProviders:
      - url: https://token.example.test
        clientIds: [my-app]
        thumbprints: ["0123456789abcdef0123456789abcdef01234567"]
        tags: { issuer: example }
    buckets:
      - name: state-data
        policy:
          Version: "2012-10-17"
          Statement:
            - { Effect: Deny, Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::state-data/private/*" }
        objects:
          - { key: hello.txt, content: "hello from the state file", contentType: text/plain }
          - { key: private/secret.txt, content: "not for you" }
  - id: "${OTHER}"
    name: partner
    users:
      - name: carol
`;

function tessera(args: string[]) {
  const r = spawnSync(process.execPath, [tesseraBin, ...args], { encoding: 'utf8', timeout: 60_000, env: process.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** POST /_admin/reset signed with SigV4 by `creds` (or unsigned). */
async function reset(server: TestServer, creds: Creds | undefined) {
  const u = new URL('/_admin/reset', server.url);
  let headers: Record<string, string> = { host: u.host };
  if (creds) {
    const signer = new SignatureV4({ service: 'tessera', region: 'us-east-1', credentials: creds, sha256: Sha256 });
    const signed = await signer.sign({ method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, headers, body: '' });
    headers = signed.headers as Record<string, string>;
  }
  const res = await fetch(u, { method: 'POST', headers, body: '' });
  return { status: res.status, text: await res.text() };
}

const xmlField = (xml: string, tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];

let server: TestServer;
let dataDir: string;
let alice: Creds;

before(async () => {
  writeFileSync(stateFile, stateYaml(createTestIdp().metadata));
  dataDir = join(work, 'data');
  server = await startServer({ dataDir, accountId: ACCOUNT, args: ['--init', stateFile, '--allow-reset', '--log', 'off'] });
  const credsFile = join(dataDir, 'init-credentials.json');
  assert.equal(statSync(credsFile).mode & 0o777, 0o600);
  const generated = JSON.parse(readFileSync(credsFile, 'utf8')) as { accessKeys: Array<{ UserName: string; AccessKeyId: string; SecretAccessKey: string }>; accounts: Array<{ AccountId: string }> };
  const k = generated.accessKeys.find((x) => x.UserName === 'alice')!;
  alice = { accessKeyId: k.AccessKeyId, secretAccessKey: k.SecretAccessKey };
  assert.deepEqual(generated.accounts.map((a) => a.AccountId), [OTHER]);
  // Generated secrets never reach stdout (the log's stream) nor the log.
  assert.ok(!server.output().includes(k.SecretAccessKey));
});
after(async () => {
  await server?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('serve --init: every entity kind, through real clients', () => {
  test("the user's generated key works (aws CLI) and the given one too (boto3)", () => {
    const r = awsCli(server, ['--endpoint-url', server.url, 'sts', 'get-caller-identity'], alice);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    const b = python(server, `import boto3, json\nprint(json.dumps(boto3.client('sts', endpoint_url=__import__('os').environ['ENDPOINT']).get_caller_identity()['Arn']))`, BOB);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(JSON.parse(b.stdout), `arn:aws:iam::${ACCOUNT}:user/people/bob`);
  });

  test('the role can be assumed per its trust policy: alice may; bob, allowed sts:AssumeRole by his group but not trusted, may not', () => {
    const ok = awsCli(server, ['--endpoint-url', server.url, 'sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/deployer`, '--role-session-name', 's1', '--duration-seconds', '7200'], alice);
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(JSON.parse(ok.stdout).AssumedRoleUser.Arn, /assumed-role\/deployer\/s1$/);
    const no = awsCli(server, ['--endpoint-url', server.url, 'sts', 'assume-role', '--role-arn', `arn:aws:iam::${ACCOUNT}:role/deployer`, '--role-session-name', 's2'], BOB);
    assert.notEqual(no.status, 0);
    assert.match(no.stderr, /AccessDenied/);
  });

  test('the bucket policy is enforced and the objects are there', async () => {
    const s3 = new S3Client({ ...sdkConfig(server, alice), forcePathStyle: true });
    const hello = await s3.send(new GetObjectCommand({ Bucket: 'state-data', Key: 'hello.txt' }));
    assert.equal(await hello.Body!.transformToString(), 'hello from the state file');
    assert.equal(hello.ContentType, 'text/plain');
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'state-data', Key: 'private/secret.txt' })), 'AccessDenied', 403);
  });

  test('the MFA device accepts a TOTP computed from the seed', () => {
    const code = oathtoolCode(SEED, 0);
    const r = awsCli(server, ['--endpoint-url', server.url, 'sts', 'get-session-token', '--serial-number', `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`, '--token-code', code], alice);
    assert.equal(r.status, 0, r.stderr);
    assert.match(JSON.parse(r.stdout).Credentials.AccessKeyId, /^ASIA/);
  });

  test('IAM answers for the rest: boundary, tags, description, MFA, providers (AWS SDK)', async () => {
    const iam = new IAMClient(sdkConfig(server));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role!;
    assert.equal(role.Description, 'deploys things');
    assert.equal(role.MaxSessionDuration, 7200);
    assert.equal(role.PermissionsBoundary?.PermissionsBoundaryArn, `arn:aws:iam::${ACCOUNT}:policy/Boundary`);
    const bob = (await iam.send(new GetUserCommand({ UserName: 'bob' }))).User!;
    assert.equal(bob.Path, '/people/');
    const devices = await iam.send(new ListMFADevicesCommand({ UserName: 'alice' }));
    assert.deepEqual(devices.MFADevices?.map((d) => d.SerialNumber), [`arn:aws:iam::${ACCOUNT}:mfa/alice-phone`]);
    const providers = awsCli(server, ['--endpoint-url', server.url, 'iam', 'list-saml-providers']);
    assert.match(providers.stdout, /saml-provider\/corp-idp/);
    const profile = awsCli(server, ['--endpoint-url', server.url, 'iam', 'get-instance-profile', '--instance-profile-name', 'deployer-profile']);
    assert.equal(profile.status, 0, profile.stderr);
    const ip = JSON.parse(profile.stdout).InstanceProfile;
    assert.deepEqual([ip.Path, ip.Roles.map((x: { RoleName: string }) => x.RoleName), ip.Tags], ['/ec2/', ['deployer'], [{ Key: 'tier', Value: 'web' }]]);
    const linked = awsCli(server, ['--endpoint-url', server.url, 'iam', 'get-role', '--role-name', 'AWSServiceRoleForAutoScaling_web']);
    assert.equal(linked.status, 0, linked.stderr);
    assert.deepEqual([JSON.parse(linked.stdout).Role.Path, JSON.parse(linked.stdout).Role.Description], ['/aws-service-role/autoscaling.amazonaws.com/', 'scales the web tier']);
    const creds = python(server, `import boto3, json\niam = boto3.client('iam', endpoint_url=__import__('os').environ['ENDPOINT'])\nprint(json.dumps([[k['Status'] for k in iam.list_ssh_public_keys(UserName='bob')['SSHPublicKeys']], [c['Status'] for c in iam.list_signing_certificates(UserName='bob')['Certificates']]]))`);
    assert.equal(creds.status, 0, creds.stderr);
    assert.deepEqual(JSON.parse(creds.stdout), [['Active'], ['Inactive']]);
    const cert = python(server, `import boto3, json, os\nc = boto3.client('iam', endpoint_url=os.environ['ENDPOINT']).get_server_certificate(ServerCertificateName='web-cert')['ServerCertificate']\nprint(json.dumps([c['ServerCertificateMetadata']['Path'], c['CertificateBody'].strip() == os.environ['BODY'], c['Tags']]))`, undefined, { BODY: CERT.cert });
    assert.equal(cert.status, 0, cert.stderr);
    assert.deepEqual(JSON.parse(cert.stdout), ['/cloudfront/', true, [{ Key: 'site', Value: 'www' }]]);
    const mfaTags = awsCli(server, ['--endpoint-url', server.url, 'iam', 'list-mfa-device-tags', '--serial-number', `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`]);
    assert.deepEqual(JSON.parse(mfaTags.stdout).Tags, [{ Key: 'kind', Value: 'phone' }]);
  });
});

describe('apply and export-state', () => {
  test('re-applying the same file (next to the running server, SQLite WAL) is a no-op', () => {
    const before = tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT, '--json']);
    assert.equal(before.status, 0, before.stderr);
    const r = tessera(['apply', stateFile, '--data', dataDir, '--account-id', ACCOUNT]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { changes: 0, accounts: [], accessKeys: [], mfaDevices: [] });
    assert.equal(tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT, '--json']).stdout, before.stdout);
  });

  test('export-state --include-secrets → apply into an empty store → an equal export; secrets only when asked', () => {
    const plain = tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT]);
    assert.equal(plain.status, 0, plain.stderr);
    assert.ok(!plain.stdout.includes(BOB.secretAccessKey) && !plain.stdout.includes(SEED), 'no secret without --include-secrets');
    assert.ok(plain.stdout.includes('web-cert') && !plain.stdout.includes('PRIVATE KEY'), 'a server certificate without its private key');
    const exported = join(work, 'export.yaml');
    const r = tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT, '--include-secrets', '--output', exported]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(statSync(exported).mode & 0o777, 0o600);
    const text = readFileSync(exported, 'utf8');
    assert.ok(text.includes(BOB.secretAccessKey) && text.includes(SEED) && text.includes(alice.secretAccessKey) && text.includes('PRIVATE KEY'));
    const copy = join(work, 'copy');
    const applied = tessera(['apply', exported, '--data', copy, '--account-id', ACCOUNT]);
    assert.equal(applied.status, 0, applied.stderr);
    assert.ok(JSON.parse(applied.stdout).changes > 10);
    const again = tessera(['export-state', '--data', copy, '--account-id', ACCOUNT, '--include-secrets']);
    assert.equal(again.stdout, text);
    assert.equal(JSON.parse(tessera(['apply', exported, '--data', copy, '--account-id', ACCOUNT]).stdout).changes, 0);
  });

  test('tags of policies, providers, MFA devices, instance profiles and server certificates, a profile\'s role, a user\'s SSH keys and signing certificates become the file\'s (boto3)', () => {
    const changed = join(work, 'changed.yaml');
    const text = readFileSync(stateFile, 'utf8')
      .replace('tags: { team: qa }\n      - name: Boundary', 'tags: { team: data }\n      - name: Boundary')
      .replace('tags: { kind: phone }', 'tags: { kind: tablet, lost: "no" }')
      .replace('        role: deployer\n', '')
      .replace('tags: { tier: web }', 'tags: { tier: db }')
      .replace('tags: { idp: corp }', '')
      .replace('tags: { issuer: example }', 'tags: { issuer: other }')
      .replace('tags: { site: www }', 'tags: { site: api }')
      .replace(/ {8}sshPublicKeys: .*\n/, '')
      .replace('status: Inactive }]', 'status: Active }]');
    writeFileSync(changed, text);
    const r = tessera(['apply', changed, '--data', dataDir, '--account-id', ACCOUNT]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).changes, 9);
    const b = python(
      server,
      `import boto3, json, os
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
t = lambda r: {x['Key']: x['Value'] for x in r['Tags']}
ip = iam.get_instance_profile(InstanceProfileName='deployer-profile')['InstanceProfile']
print(json.dumps({
  'policy': t(iam.list_policy_tags(PolicyArn='arn:aws:iam::${ACCOUNT}:policy/qa/ReadData')),
  'mfa': t(iam.list_mfa_device_tags(SerialNumber='arn:aws:iam::${ACCOUNT}:mfa/alice-phone')),
  'profile': t(ip), 'roles': [x['RoleName'] for x in ip['Roles']], 'path': ip['Path'],
  'saml': t(iam.list_saml_provider_tags(SAMLProviderArn='arn:aws:iam::${ACCOUNT}:saml-provider/corp-idp')),
  'oidc': t(iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn='arn:aws:iam::${ACCOUNT}:oidc-provider/token.example.test')),
  'cert': t(iam.list_server_certificate_tags(ServerCertificateName='web-cert')),
  'bob': [len(iam.list_ssh_public_keys(UserName='bob')['SSHPublicKeys']), [c['Status'] for c in iam.list_signing_certificates(UserName='bob')['Certificates']]],
}))`,
    );
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(JSON.parse(b.stdout), { policy: { team: 'data' }, mfa: { kind: 'tablet', lost: 'no' }, profile: { tier: 'db' }, roles: [], path: '/ec2/', saml: {}, oidc: { issuer: 'other' }, cert: { site: 'api' }, bob: [0, ['Active']] });
    assert.equal(JSON.parse(tessera(['apply', changed, '--data', dataDir, '--account-id', ACCOUNT]).stdout).changes, 0);
    // Back to the first file: the role is put back into the profile.
    const back = tessera(['apply', stateFile, '--data', dataDir, '--account-id', ACCOUNT]);
    assert.equal(back.status, 0, back.stderr);
    const roles = awsCli(server, ['--endpoint-url', server.url, 'iam', 'list-instance-profiles-for-role', '--role-name', 'deployer']);
    assert.equal(roles.status, 0, roles.stderr);
    assert.deepEqual(JSON.parse(roles.stdout).InstanceProfiles.map((x: { InstanceProfileName: string }) => x.InstanceProfileName), ['deployer-profile']);
  });

  const badFiles: Array<[string, string, number, RegExp]> = [
    ['unknown field', `accounts:\n  - id: "${ACCOUNT}"\n    users:\n      - name: dave\n        colour: blue\n`, 5, /unknown field "colour" in a user/],
    ['invalid policy JSON', `accounts:\n  - id: "${ACCOUNT}"\n    users:\n      - name: dave\n    policies:\n      - name: broken\n        document: '{"Version": "2012-10-17", "Statement": [}'\n`, 7, /policy document is not valid JSON/],
    ['an invalid policy', `accounts:\n  - id: "${ACCOUNT}"\n    users:\n      - name: dave\n    roles:\n      - name: r\n        trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:AssumeRole" }] }\n`, 7, /MalformedPolicyDocument/],
    ['a policy ARN that does not exist', `accounts:\n  - id: "${ACCOUNT}"\n    users:\n      - name: dave\n        attachedPolicies: ["arn:aws:iam::aws:policy/NoSuchPolicy"]\n`, 4, /NoSuchEntity: Policy arn:aws:iam::aws:policy\/NoSuchPolicy does not exist/],
    ['an instance profile naming a role that does not exist', `accounts:\n  - id: "${ACCOUNT}"\n    instanceProfiles:\n      - name: web\n        role: nobody\n`, 4, /instance profile web: role nobody is not a role of account/],
    ['an instance profile name IAM refuses', `accounts:\n  - id: "${ACCOUNT}"\n    instanceProfiles:\n      - name: "bad name!"\n`, 4, /CreateInstanceProfile: ValidationError/],
    ['a service-linked role of a service IAM does not know', `accounts:\n  - id: "${ACCOUNT}"\n    serviceLinkedRoles:\n      - service: nothing.example.com\n`, 4, /CreateServiceLinkedRole: InvalidInput: Unrecognized service principal/],
    ['a server certificate without its private key', `accounts:\n  - id: "${ACCOUNT}"\n    serverCertificates:\n      - name: other-cert\n        body: ${JSON.stringify(CERT.cert)}\n`, 4, /server certificate other-cert does not exist and the file gives no private key/],
    ['a duplicate user', `accounts:\n  - id: "${ACCOUNT}"\n    users:\n      - name: dave\n      - name: erin\n      - name: Dave\n`, 6, /duplicate user "Dave"/],
  ];
  for (const [what, yaml, line, message] of badFiles) {
    test(`${what}: refused naming file:line, nothing applied`, () => {
      const before = tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT, '--json']).stdout;
      const file = join(work, 'bad.yaml');
      writeFileSync(file, yaml);
      const r = tessera(['apply', file, '--data', dataDir, '--account-id', ACCOUNT]);
      assert.equal(r.status, 1);
      assert.ok(r.stderr.includes(`${file}:${line}: `), r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
      assert.equal(tessera(['export-state', '--data', dataDir, '--account-id', ACCOUNT, '--json']).stdout, before);
    });
  }

  test('serve --init with a bad file does not start', async () => {
    const file = join(work, 'bad-init.yaml');
    writeFileSync(file, badFiles[0]![1]);
    await assert.rejects(startServer({ accountId: ACCOUNT, args: ['--init', file] }), new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: unknown field`));
  });
});

describe('POST /_admin/reset', () => {
  test('returns to the --init state in well under a second: what came after is gone, the init entities remain', async () => {
    const iam = new IAMClient(sdkConfig(server));
    await iam.send(new CreateUserCommand({ UserName: 'temp' }));
    const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
    await s3.send(new PutObjectCommand({ Bucket: 'state-data', Key: 'later.txt', Body: 'x' }));
    await s3.send(new PutObjectCommand({ Bucket: 'state-data', Key: 'hello.txt', Body: 'overwritten' }));

    const r = await reset(server, server.root);
    assert.equal(r.status, 200, r.text);
    const body = JSON.parse(r.text) as { status: string; milliseconds: number };
    assert.equal(body.status, 'reset');
    assert.ok(body.milliseconds < 1000, `reset took ${body.milliseconds} ms`);

    await rejects(iam.send(new GetUserCommand({ UserName: 'temp' })), 'NoSuchEntity', 404);
    await rejects(s3.send(new GetObjectCommand({ Bucket: 'state-data', Key: 'later.txt' })), 'NoSuchKey', 404);
    const hello = await s3.send(new GetObjectCommand({ Bucket: 'state-data', Key: 'hello.txt' }));
    assert.equal(await hello.Body!.transformToString(), 'hello from the state file');
    // The init users remain, with the same (generated and given) keys.
    const who = awsCli(server, ['--endpoint-url', server.url, 'sts', 'get-caller-identity'], alice);
    assert.equal(who.status, 0, who.stderr);
    assert.equal(JSON.parse(who.stdout).Arn, `arn:aws:iam::${ACCOUNT}:user/alice`);
    assert.equal(awsCli(server, ['--endpoint-url', server.url, 'sts', 'get-caller-identity'], BOB).status, 0);
    const code = oathtoolCode(SEED, 0);
    const mfa = awsCli(server, ['--endpoint-url', server.url, 'sts', 'get-session-token', '--serial-number', `arn:aws:iam::${ACCOUNT}:mfa/alice-phone`, '--token-code', code], alice);
    assert.equal(mfa.status, 0, mfa.stderr);
  });

  test('an IAM user of the default account is refused: 403 AccessDenied', async () => {
    const r = await reset(server, alice);
    assert.equal(r.status, 403);
    assert.equal(xmlField(r.text, 'Code'), 'AccessDenied');
    assert.match(xmlField(r.text, 'Message') ?? '', /only the root user of account/);
  });

  test('an unsigned or badly signed request is refused: 403', async () => {
    const unsigned = await reset(server, undefined);
    assert.equal(unsigned.status, 403);
    assert.equal(xmlField(unsigned.text, 'Code'), 'MissingAuthenticationToken');
    const wrong = await reset(server, { accessKeyId: server.root.accessKeyId, secretAccessKey: 'not-the-secret-at-all-0000' });
    assert.equal(wrong.status, 403);
    assert.equal(xmlField(wrong.text, 'Code'), 'SignatureDoesNotMatch');
  });

  test('without --allow-reset: 403 AccessDenied saying how to enable it, nothing deleted', async () => {
    const plain = await startServer({ accountId: ACCOUNT, args: ['--init', stateFile, '--log', 'off'] });
    try {
      const iam = new IAMClient(sdkConfig(plain));
      await iam.send(new CreateUserCommand({ UserName: 'stays' }));
      const r = await reset(plain, plain.root);
      assert.equal(r.status, 403);
      assert.equal(xmlField(r.text, 'Code'), 'AccessDenied');
      assert.match(xmlField(r.text, 'Message') ?? '', /--allow-reset/);
      assert.equal((await iam.send(new GetUserCommand({ UserName: 'stays' }))).User?.UserName, 'stays');
    } finally {
      await plain.stop();
    }
  });
});
