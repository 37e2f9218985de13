/**
 * IAM users' SSH public keys, signing certificates and service-specific credentials through the AWS SDK for
 * JavaScript v3, boto3 and the aws CLI. Keys and certificates are made by ssh-keygen and openssl.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateServiceSpecificCredentialCommand,
  CreateUserCommand,
  DeleteServiceSpecificCredentialCommand,
  DeleteSigningCertificateCommand,
  DeleteSSHPublicKeyCommand,
  DeleteUserCommand,
  GetSSHPublicKeyCommand,
  IAMClient,
  ListServiceSpecificCredentialsCommand,
  ListSigningCertificatesCommand,
  ListSSHPublicKeysCommand,
  ResetServiceSpecificCredentialCommand,
  UpdateServiceSpecificCredentialCommand,
  UpdateSigningCertificateCommand,
  UpdateSSHPublicKeyCommand,
  UploadSigningCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { rejects } from '../helpers/aws-errors.js';
import { selfSigned, sshKeygen } from '../helpers/x509.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

const A = () => server.accountId;

describe('SSH public keys', () => {
  test('upload (ssh-rsa and PEM), get in both encodings, list, update, delete; the fingerprint is ssh-keygen -E md5', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'git-user' }));
    const k = sshKeygen('git@example');
    const up = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: k.pub }))).SSHPublicKey!;
    assert.match(up.SSHPublicKeyId!, /^APKA[A-Z0-9]{16}$/);
    assert.equal(up.UserName, 'git-user');
    assert.equal(up.Fingerprint, k.md5);
    assert.equal(up.SSHPublicKeyBody, k.pub);
    assert.equal(up.Status, 'Active');
    assert.ok(up.UploadDate instanceof Date);

    const pem = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: up.SSHPublicKeyId!, Encoding: 'PEM' }))).SSHPublicKey!;
    assert.match(pem.SSHPublicKeyBody!, /^-----BEGIN PUBLIC KEY-----/);
    assert.equal(pem.Fingerprint, k.md5);
    const ssh = (await iam.send(new GetSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: up.SSHPublicKeyId!, Encoding: 'SSH' }))).SSHPublicKey!;
    assert.equal(ssh.SSHPublicKeyBody, k.pub.split(' ').slice(0, 2).join(' '));

    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: pem.SSHPublicKeyBody! })), 'DuplicateSSHPublicKey', 400);
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: sshKeygen('small', 1024).pub })), 'InvalidPublicKey', 400);
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: 'ssh-dss AAAAB3NzaC1kc3M' })), 'UnrecognizedPublicKeyEncoding', 400);
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'no-user', SSHPublicKeyBody: k.pub })), 'NoSuchEntity', 404, 'The user with name no-user cannot be found.');

    const second = (await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyBody: sshKeygen('second').pub }))).SSHPublicKey!;
    await iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: up.SSHPublicKeyId!, Status: 'Inactive' }));
    const list = await iam.send(new ListSSHPublicKeysCommand({ UserName: 'git-user' }));
    assert.deepEqual(
      list.SSHPublicKeys!.map((x) => [x.SSHPublicKeyId, x.Status]),
      [
        [up.SSHPublicKeyId, 'Inactive'],
        [second.SSHPublicKeyId, 'Active'],
      ],
    );
    const missing = 'APKAAAAAAAAAAAAAAAAA';
    await rejects(iam.send(new UpdateSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: missing, Status: 'Active' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new GetSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: missing, Encoding: 'SSH' })), 'NoSuchEntity', 404);

    await rejects(iam.send(new DeleteUserCommand({ UserName: 'git-user' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete SSH public keys first.');
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: up.SSHPublicKeyId! }));
    await iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: second.SSHPublicKeyId! }));
    await rejects(iam.send(new DeleteSSHPublicKeyCommand({ UserName: 'git-user', SSHPublicKeyId: second.SSHPublicKeyId! })), 'NoSuchEntity', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'git-user' }));
  });

  test('five keys per user (LimitExceeded); a user lists its own keys without UserName; AccessDenied pair', async () => {
    const creds = await userWithKey(iam, 'ssh-self', [{ Effect: 'Allow', Action: ['iam:ListSSHPublicKeys'], Resource: `arn:aws:iam::${A()}:user/ssh-self` }]);
    for (let i = 0; i < 5; i++) await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-self', SSHPublicKeyBody: sshKeygen(`k${i}`).pub }));
    await rejects(iam.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-self', SSHPublicKeyBody: sshKeygen('k6').pub })), 'LimitExceeded', 409, 'Cannot exceed quota for SSHPublicKeysPerUser: 5');
    const self = new IAMClient(sdkConfig(server, creds));
    const mine = await self.send(new ListSSHPublicKeysCommand({}));
    assert.equal(mine.SSHPublicKeys!.length, 5);
    assert.ok(mine.SSHPublicKeys!.every((k) => k.UserName === 'ssh-self'));
    await rejects(self.send(new UploadSSHPublicKeyCommand({ UserName: 'ssh-self', SSHPublicKeyBody: sshKeygen('x').pub })), 'AccessDenied', 403);
    await rejects(self.send(new ListSSHPublicKeysCommand({ UserName: 'git-other' })), 'AccessDenied', 403);
  });
});

describe('signing certificates', () => {
  test('upload, list, update, delete; two per user; the same certificate once; malformed; the caller by default', async () => {
    const creds = await userWithKey(iam, 'signer', [
      { Effect: 'Allow', Action: ['iam:UploadSigningCertificate', 'iam:ListSigningCertificates'], Resource: `arn:aws:iam::${A()}:user/signer` },
    ]);
    const self = new IAMClient(sdkConfig(server, creds));
    const c1 = selfSigned('signer-1');
    const up = (await self.send(new UploadSigningCertificateCommand({ CertificateBody: c1.cert }))).Certificate!;
    assert.equal(up.UserName, 'signer');
    assert.match(up.CertificateId!, /^[A-Z0-9]{24}$/);
    assert.equal(up.CertificateBody, c1.cert);
    assert.equal(up.Status, 'Active');
    await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: c1.cert })), 'DuplicateCertificate', 409);
    await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: 'not a certificate' })), 'MalformedCertificate', 400);
    await rejects(
      iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' })),
      'MalformedCertificate',
      400,
    );
    const up2 = (await iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: selfSigned('signer-2').cert }))).Certificate!;
    await rejects(iam.send(new UploadSigningCertificateCommand({ UserName: 'signer', CertificateBody: selfSigned('signer-3').cert })), 'LimitExceeded', 409, 'Cannot exceed quota for SigningCertificatesPerUser: 2');

    await iam.send(new UpdateSigningCertificateCommand({ UserName: 'signer', CertificateId: up.CertificateId!, Status: 'Inactive' }));
    const list = await self.send(new ListSigningCertificatesCommand({}));
    assert.deepEqual(
      list.Certificates!.map((c) => [c.CertificateId, c.Status]),
      [
        [up.CertificateId, 'Inactive'],
        [up2.CertificateId, 'Active'],
      ],
    );
    await rejects(self.send(new UpdateSigningCertificateCommand({ CertificateId: up.CertificateId!, Status: 'Active' })), 'AccessDenied', 403);
    await rejects(iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: 'AAAAAAAAAAAAAAAAAAAAAAAA' })), 'NoSuchEntity', 404);
    await iam.send(new DeleteSigningCertificateCommand({ UserName: 'signer', CertificateId: up.CertificateId! }));
    assert.deepEqual((await iam.send(new ListSigningCertificatesCommand({ UserName: 'signer' }))).Certificates!.map((c) => c.CertificateId), [up2.CertificateId]);
  });
});

describe('service-specific credentials', () => {
  test('create (password once), list (never the password), reset, update, delete; quota; unsupported service', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'coder' }));
    const c = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceName: 'codecommit.amazonaws.com' }))).ServiceSpecificCredential!;
    assert.match(c.ServiceSpecificCredentialId!, /^ACCA[A-Z0-9]{17}$/);
    assert.equal(c.ServiceUserName, `coder-at-${A()}`);
    assert.equal(c.ServiceName, 'codecommit.amazonaws.com');
    assert.equal(c.UserName, 'coder');
    assert.equal(c.Status, 'Active');
    assert.equal(c.ServicePassword!.length, 44);
    assert.ok(c.CreateDate instanceof Date);

    const listed = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'coder' }))).ServiceSpecificCredentials!;
    assert.deepEqual(
      listed.map((x) => [x.ServiceSpecificCredentialId, x.ServiceUserName, x.Status]),
      [[c.ServiceSpecificCredentialId, `coder-at-${A()}`, 'Active']],
    );
    assert.ok(!("ServicePassword" in listed[0]!), "a listed credential has no password");

    const reset = (await iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId! }))).ServiceSpecificCredential!;
    assert.equal(reset.ServiceSpecificCredentialId, c.ServiceSpecificCredentialId);
    assert.equal(reset.ServicePassword!.length, 44);
    assert.notEqual(reset.ServicePassword, c.ServicePassword);

    await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceName: 'codecommit.amazonaws.com' }));
    await rejects(
      iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceName: 'codecommit.amazonaws.com' })),
      'LimitExceeded',
      409,
      'Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: 2',
    );
    const keyspaces = (await iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredential!;
    assert.equal(keyspaces.ServiceName, 'cassandra.amazonaws.com');
    await rejects(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceName: 'nothing.amazonaws.com' })), 'NotSupportedService', 404);
    await rejects(iam.send(new CreateServiceSpecificCredentialCommand({ UserName: 'nobody', ServiceName: 'codecommit.amazonaws.com' })), 'NoSuchEntity', 404);
    const filtered = (await iam.send(new ListServiceSpecificCredentialsCommand({ UserName: 'coder', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredentials!;
    assert.deepEqual(filtered.map((x) => x.ServiceSpecificCredentialId), [keyspaces.ServiceSpecificCredentialId]);

    await iam.send(new UpdateServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId!, Status: 'Inactive' }));
    const all = (await iam.send(new ListServiceSpecificCredentialsCommand({ AllUsers: true }))).ServiceSpecificCredentials!;
    assert.equal(all.find((x) => x.ServiceSpecificCredentialId === c.ServiceSpecificCredentialId)!.Status, 'Inactive');
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'coder' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete service specific credentials first.');
    await iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId! }));
    await rejects(iam.send(new DeleteServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: c.ServiceSpecificCredentialId! })), 'NoSuchEntity', 404);
    await rejects(iam.send(new ResetServiceSpecificCredentialCommand({ UserName: 'coder', ServiceSpecificCredentialId: 'ACCAAAAAAAAAAAAAAAAAA' })), 'NoSuchEntity', 404);
  });

  test('AccessDenied pair: iam:ServiceSpecificCredentialServiceName decides', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ssc-target' }));
    const creds = await userWithKey(iam, 'ssc-admin', [
      { Effect: 'Allow', Action: 'iam:CreateServiceSpecificCredential', Resource: '*', Condition: { StringEquals: { 'iam:ServiceSpecificCredentialServiceName': 'cassandra.amazonaws.com' } } },
    ]);
    const c = new IAMClient(sdkConfig(server, creds));
    await rejects(c.send(new CreateServiceSpecificCredentialCommand({ UserName: 'ssc-target', ServiceName: 'codecommit.amazonaws.com' })), 'AccessDenied', 403);
    const ok = (await c.send(new CreateServiceSpecificCredentialCommand({ UserName: 'ssc-target', ServiceName: 'cassandra.amazonaws.com' }))).ServiceSpecificCredential!;
    assert.equal(ok.UserName, 'ssc-target');
  });
});

describe('boto3 and the aws CLI', () => {
  test('boto3: SSH key, signing certificate and service credential life cycles', () => {
    const k = sshKeygen('py');
    const cert = selfSigned('py-signer').cert;
    const r = python(
      server,
      `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
def code(f):
    try:
        f(); return None
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
iam.create_user(UserName='py-user')
key = iam.upload_ssh_public_key(UserName='py-user', SSHPublicKeyBody=${JSON.stringify(k.pub)})['SSHPublicKey']
c = iam.upload_signing_certificate(UserName='py-user', CertificateBody=${JSON.stringify(cert)})['Certificate']
s = iam.create_service_specific_credential(UserName='py-user', ServiceName='codecommit.amazonaws.com')['ServiceSpecificCredential']
out = {
  'fingerprint': key['Fingerprint'],
  'keys': [x['SSHPublicKeyId'] == key['SSHPublicKeyId'] for x in iam.list_ssh_public_keys(UserName='py-user')['SSHPublicKeys']],
  'certs': [x['CertificateId'] == c['CertificateId'] for x in iam.list_signing_certificates(UserName='py-user')['Certificates']],
  'service_user': s['ServiceUserName'],
  'has_password': len(s['ServicePassword']) == 44,
  'malformed': code(lambda: iam.upload_signing_certificate(UserName='py-user', CertificateBody='junk')),
  'bad_key': code(lambda: iam.upload_ssh_public_key(UserName='py-user', SSHPublicKeyBody='junk')),
}
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      fingerprint: k.md5,
      keys: [true],
      certs: [true],
      service_user: `py-user-at-${A()}`,
      has_password: true,
      malformed: ['MalformedCertificate', 400],
      bad_key: ['UnrecognizedPublicKeyEncoding', 400],
    });
  });

  test('aws CLI: upload-ssh-public-key and list-ssh-public-keys', () => {
    const k = sshKeygen('cli');
    const u = awsCli(server, ['iam', 'upload-ssh-public-key', '--user-name', 'py-user', '--ssh-public-key-body', k.pub, '--endpoint-url', server.url]);
    assert.equal(u.status, 0, u.stderr);
    assert.equal(JSON.parse(u.stdout).SSHPublicKey.Fingerprint, k.md5);
    const l = awsCli(server, ['iam', 'list-ssh-public-keys', '--user-name', 'py-user', '--endpoint-url', server.url]);
    assert.equal(l.status, 0, l.stderr);
    assert.equal(JSON.parse(l.stdout).SSHPublicKeys.length, 2);
  });
});
