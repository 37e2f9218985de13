/**
 * Instance profiles, server certificates and users' other credentials on PostgreSQL (a fresh database per
 * run, dropped afterwards; skipped outside CI when PostgreSQL does not answer): concurrent creates of one
 * name give one winner and AWS's EntityAlreadyExists; two concurrent AddRoleToInstanceProfile give one role;
 * the rows survive a restart on the same database.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetInstanceProfileCommand,
  GetServerCertificateCommand,
  IAMClient,
  ListSSHPublicKeysCommand,
  UploadServerCertificateCommand,
  UploadSSHPublicKeyCommand,
} from '@aws-sdk/client-iam';
import { sdkConfig } from '../helpers/clients.js';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { doc } from '../helpers/aws-errors.js';
import { selfSigned, sshKeygen } from '../helpers/x509.js';

let db: TestDatabase | { unavailable: string };
let server: TestServer | undefined;
before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await server?.stop();
  if (db && 'drop' in db) await db.drop();
});

const outcomes = async (calls: Promise<unknown>[]) =>
  (await Promise.allSettled(calls)).map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { name: string }).name.replace(/Exception$/, ''))).sort();

test('PostgreSQL: one winner per name and per profile; rows survive a restart', async (t) => {
  if ('unavailable' in db) return t.skip(db.unavailable);
  // One master key and root for both processes, as servers sharing a database have.
  const opts = { database: db.url, env: { TESSERA_MASTER_KEY: randomBytes(32).toString('hex') }, root: { accessKeyId: 'AKIAPGMORE0000000001', secretAccessKey: 'pgMoreRootSecret/abcdefghijklmnopqrstuv' } };
  server = await startServer(opts);
  const iam = new IAMClient(sdkConfig(server));

  assert.deepEqual(
    await outcomes([1, 2, 3].map(() => iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'pg-ip' })))),
    ['EntityAlreadyExists', 'EntityAlreadyExists', 'ok'],
  );
  const trust = doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
  for (const RoleName of ['pg-a', 'pg-b', 'pg-c']) await iam.send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: trust }));
  assert.deepEqual(
    await outcomes(['pg-a', 'pg-b', 'pg-c'].map((RoleName) => iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'pg-ip', RoleName })))),
    ['LimitExceeded', 'LimitExceeded', 'ok'],
  );
  const c = selfSigned('pg.example.com');
  assert.deepEqual(
    await outcomes([1, 2].map(() => iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'pg-cert', CertificateBody: c.cert, PrivateKey: c.key })))),
    ['EntityAlreadyExists', 'ok'],
  );
  await iam.send(new CreateUserCommand({ UserName: 'pg-git' }));
  const k = sshKeygen('pg');
  await iam.send(new UploadSSHPublicKeyCommand({ UserName: 'pg-git', SSHPublicKeyBody: k.pub }));

  await server.stop();
  server = await startServer(opts);
  const again = new IAMClient(sdkConfig(server));
  assert.equal((await again.send(new GetInstanceProfileCommand({ InstanceProfileName: 'pg-ip' }))).InstanceProfile!.Roles!.length, 1);
  assert.equal((await again.send(new GetServerCertificateCommand({ ServerCertificateName: 'pg-cert' }))).ServerCertificate!.CertificateBody, c.cert);
  assert.equal((await again.send(new ListSSHPublicKeysCommand({ UserName: 'pg-git' }))).SSHPublicKeys!.length, 1);
});
