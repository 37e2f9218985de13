/** Server certificates through the AWS SDK for JavaScript v3, boto3 and the aws CLI (certificates made by openssl). */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { X509Certificate } from 'node:crypto';
import {
  DeleteServerCertificateCommand,
  GetServerCertificateCommand,
  IAMClient,
  ListServerCertificatesCommand,
  ListServerCertificateTagsCommand,
  TagServerCertificateCommand,
  UntagServerCertificateCommand,
  UpdateServerCertificateCommand,
  UploadServerCertificateCommand,
} from '@aws-sdk/client-iam';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { rejects } from '../helpers/aws-errors.js';
import { selfSigned, signedBy } from '../helpers/x509.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

const A = () => server.accountId;

describe('server certificates (JS SDK)', () => {
  test('upload, get (never the key), list, tag, rename, delete', async () => {
    const ca = selfSigned('Example CA', 365);
    const leaf = signedBy(ca, 'www.example.com', 90);
    const up = await iam.send(
      new UploadServerCertificateCommand({
        ServerCertificateName: 'www',
        Path: '/cloudfront/',
        CertificateBody: leaf.cert,
        PrivateKey: leaf.key,
        CertificateChain: ca.cert,
        Tags: [{ Key: 'env', Value: 'prod' }],
      }),
    );
    const m = up.ServerCertificateMetadata!;
    assert.equal(m.ServerCertificateName, 'www');
    assert.equal(m.Path, '/cloudfront/');
    assert.match(m.ServerCertificateId!, /^ASCA[A-Z0-9]{17}$/);
    assert.equal(m.Arn, `arn:aws:iam::${A()}:server-certificate/cloudfront/www`);
    assert.equal(m.Expiration!.getTime(), Date.parse(new X509Certificate(leaf.cert).validTo));
    assert.ok(m.UploadDate instanceof Date);
    assert.deepEqual(up.Tags, [{ Key: 'env', Value: 'prod' }]);

    const g = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'www' }))).ServerCertificate!;
    assert.equal(g.CertificateBody, leaf.cert);
    assert.equal(g.CertificateChain, ca.cert);
    assert.equal(g.ServerCertificateMetadata!.ServerCertificateId, m.ServerCertificateId);
    assert.ok(!JSON.stringify(g).includes('PRIVATE KEY'), 'the private key is never returned');

    await rejects(
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'WWW', CertificateBody: leaf.cert, PrivateKey: leaf.key })),
      'EntityAlreadyExists',
      409,
      'The Server Certificate with name WWW already exists.',
    );
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'api', CertificateBody: ca.cert, PrivateKey: ca.key }));
    const l = await iam.send(new ListServerCertificatesCommand({}));
    assert.deepEqual(l.ServerCertificateMetadataList!.map((x) => x.ServerCertificateName), ['api', 'www']);
    const byPath = await iam.send(new ListServerCertificatesCommand({ PathPrefix: '/cloudfront/' }));
    assert.deepEqual(byPath.ServerCertificateMetadataList!.map((x) => x.ServerCertificateName), ['www']);

    await iam.send(new TagServerCertificateCommand({ ServerCertificateName: 'www', Tags: [{ Key: 'team', Value: 'web' }] }));
    await iam.send(new UntagServerCertificateCommand({ ServerCertificateName: 'www', TagKeys: ['env'] }));
    assert.deepEqual((await iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'www' }))).Tags, [{ Key: 'team', Value: 'web' }]);

    await iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'www', NewServerCertificateName: 'www-2025', NewPath: '/' }));
    const moved = (await iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'www-2025' }))).ServerCertificate!.ServerCertificateMetadata!;
    assert.equal(moved.Arn, `arn:aws:iam::${A()}:server-certificate/www-2025`);
    assert.equal(moved.ServerCertificateId, m.ServerCertificateId);
    await rejects(iam.send(new UpdateServerCertificateCommand({ ServerCertificateName: 'www-2025', NewServerCertificateName: 'API' })), 'EntityAlreadyExists', 409);
    await rejects(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'www' })), 'NoSuchEntity', 404, 'The Server Certificate with name www cannot be found.');

    await iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'www-2025' }));
    await rejects(iam.send(new DeleteServerCertificateCommand({ ServerCertificateName: 'www-2025' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new ListServerCertificateTagsCommand({ ServerCertificateName: 'www-2025' })), 'NoSuchEntity', 404);
  });

  test('refusals: malformed certificate, chain or key; a chain out of order; a key of another certificate; nothing is stored for them; a chain in order is accepted', async () => {
    const a = selfSigned('a.example.com');
    const b = selfSigned('b.example.com');
    const upload = (CertificateBody: string, PrivateKey: string, CertificateChain?: string) =>
      iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'bad', CertificateBody, PrivateKey, ...(CertificateChain ? { CertificateChain } : {}) }));
    await rejects(upload('not a certificate', a.key), 'MalformedCertificate', 400);
    await rejects(upload('-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----', a.key), 'MalformedCertificate', 400);
    await rejects(upload(a.cert, 'not a key'), 'MalformedCertificate', 400);
    await rejects(upload(a.cert, a.key, 'chain junk'), 'MalformedCertificate', 400);
    const root = selfSigned('Root CA');
    const intermediate = signedBy(root, 'Intermediate CA');
    const leaf = signedBy(intermediate, 'leaf.example.com');
    const chainError = (i: number) =>
      `Unable to validate certificate chain. The certificate chain must start with the immediate signing certificate, followed by any intermediaries in order. The index within the chain of the invalid certificate is: ${i}`;
    await rejects(upload(leaf.cert, leaf.key, root.cert), 'MalformedCertificate', 400, chainError(-1));
    await rejects(upload(leaf.cert, leaf.key, `${intermediate.cert}\n${b.cert}`), 'MalformedCertificate', 400, chainError(0));
    await rejects(upload('not a certificate', a.key), 'MalformedCertificate', 400, 'Unable to parse certificate. Please ensure the certificate is in PEM format.');
    await rejects(upload(a.cert, b.key), 'KeyPairMismatch', 400);
    await rejects(iam.send(new GetServerCertificateCommand({ ServerCertificateName: 'bad' })), 'NoSuchEntity', 404);
    const ok = await upload(leaf.cert, leaf.key, `${intermediate.cert}\n${root.cert}`);
    assert.equal(ok.ServerCertificateMetadata!.ServerCertificateName, 'bad', 'a chain in order is accepted');
  });

  test('AccessDenied pair: UploadServerCertificate allowed on one path only', async () => {
    const c = selfSigned('pair.example.com');
    const client = new IAMClient(
      sdkConfig(server, await userWithKey(iam, 'cert-uploader', [{ Effect: 'Allow', Action: 'iam:UploadServerCertificate', Resource: `arn:aws:iam::${A()}:server-certificate/elb/*` }])),
    );
    await rejects(client.send(new UploadServerCertificateCommand({ ServerCertificateName: 'pair', CertificateBody: c.cert, PrivateKey: c.key })), 'AccessDenied', 403);
    const ok = await client.send(new UploadServerCertificateCommand({ ServerCertificateName: 'pair', Path: '/elb/', CertificateBody: c.cert, PrivateKey: c.key }));
    assert.equal(ok.ServerCertificateMetadata!.Arn, `arn:aws:iam::${A()}:server-certificate/elb/pair`);
    await rejects(client.send(new GetServerCertificateCommand({ ServerCertificateName: 'pair' })), 'AccessDenied', 403);
  });
});

describe('server certificates (boto3, aws CLI)', () => {
  test('boto3: upload, get, list, delete and the errors', () => {
    const c = selfSigned('py.example.com');
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
m = iam.upload_server_certificate(ServerCertificateName='py-cert', CertificateBody=${JSON.stringify(c.cert)}, PrivateKey=${JSON.stringify(c.key)})['ServerCertificateMetadata']
g = iam.get_server_certificate(ServerCertificateName='py-cert')['ServerCertificate']
out = {
  'arn': m['Arn'],
  'same_body': g['CertificateBody'] == ${JSON.stringify(c.cert)},
  'listed': 'py-cert' in [x['ServerCertificateName'] for x in iam.list_server_certificates()['ServerCertificateMetadataList']],
  'malformed': code(lambda: iam.upload_server_certificate(ServerCertificateName='x', CertificateBody='junk', PrivateKey='junk')),
  'dup': code(lambda: iam.upload_server_certificate(ServerCertificateName='py-cert', CertificateBody=${JSON.stringify(c.cert)}, PrivateKey=${JSON.stringify(c.key)})),
}
iam.delete_server_certificate(ServerCertificateName='py-cert')
out['gone'] = code(lambda: iam.get_server_certificate(ServerCertificateName='py-cert'))
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      arn: `arn:aws:iam::${A()}:server-certificate/py-cert`,
      same_body: true,
      listed: true,
      malformed: ['MalformedCertificate', 400],
      dup: ['EntityAlreadyExists', 409],
      gone: ['NoSuchEntity', 404],
    });
  });

  test('aws CLI: list-server-certificates', () => {
    const l = awsCli(server, ['iam', 'list-server-certificates', '--endpoint-url', server.url]);
    assert.equal(l.status, 0, l.stderr);
    assert.ok(Array.isArray(JSON.parse(l.stdout).ServerCertificateMetadataList));
    const g = awsCli(server, ['iam', 'get-server-certificate', '--server-certificate-name', 'none', '--endpoint-url', server.url]);
    assert.notEqual(g.status, 0);
    assert.match(g.stderr, /NoSuchEntity/);
  });
});
