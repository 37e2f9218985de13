/**
 * UploadServerCertificate / CreateServiceSpecificCredential in process (test/helpers/inProcess.ts): what is
 * stored for their secrets (the private key sealed with the key ring, the service password as a sealed hash),
 * and AWS's quota of 20 server certificates per account.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { inProcess, ACCOUNT, type InProcess } from '../../../../test/helpers/inProcess.js';
import { selfSigned } from '../../../../test/helpers/x509.js';
import { verifyPassword } from '../password.js';
import { privateKeyAad } from '../serverCertificates.js';

describe('secrets at rest and the certificate quota (in process)', () => {
  let p: InProcess;
  const cert = selfSigned('quota.example.com');
  before(async () => {
    p = await inProcess();
  });
  after(() => p.close());

  test('the private key is stored sealed (bound to the certificate id), never as the PEM', async () => {
    await p.query('iam', 'UploadServerCertificate', { ServerCertificateName: 'sealed', CertificateBody: cert.cert, PrivateKey: cert.key });
    const row = (await p.deps.store.repos.serverCertificates.get(ACCOUNT, 'sealed'))!;
    assert.ok(!row.key_cipher.includes('PRIVATE KEY'));
    assert.equal(await p.deps.keyring.decrypt(row.key_cipher, privateKeyAad(row.id)), cert.key);
    await assert.rejects(p.deps.keyring.decrypt(row.key_cipher, privateKeyAad('ASCAOTHER')));
  });

  test('20 server certificates per account, then LimitExceeded', async () => {
    for (let i = (await p.deps.store.repos.serverCertificates.list(ACCOUNT)).length; i < 20; i++)
      await p.query('iam', 'UploadServerCertificate', { ServerCertificateName: `c${i}`, CertificateBody: cert.cert, PrivateKey: cert.key });
    await assert.rejects(
      p.query('iam', 'UploadServerCertificate', { ServerCertificateName: 'c21', CertificateBody: cert.cert, PrivateKey: cert.key }),
      (e: { code?: string; message?: string }) => e.code === 'LimitExceeded' && e.message === 'Cannot exceed quota for ServerCertificatesPerAccount: 20',
    );
  });

  test('the service password is stored as a sealed scrypt hash that verifies it', async () => {
    await p.query('iam', 'CreateUser', { UserName: 'git' });
    const out = (await p.query('iam', 'CreateServiceSpecificCredential', { UserName: 'git', ServiceName: 'codecommit.amazonaws.com' })) as {
      ServiceSpecificCredential: { ServiceSpecificCredentialId: string; ServicePassword: string };
    };
    const c = out.ServiceSpecificCredential;
    const row = (await p.deps.store.repos.userCredentials.get(ACCOUNT, 'service', c.ServiceSpecificCredentialId))!;
    assert.ok(!row.secret_cipher!.includes(c.ServicePassword));
    const hash = await p.deps.keyring.decrypt(row.secret_cipher!, `iam-service-credential:${row.id}`);
    assert.equal(await verifyPassword(c.ServicePassword, hash), true);
    assert.equal(await verifyPassword('not-it', hash), false);
  });
});
