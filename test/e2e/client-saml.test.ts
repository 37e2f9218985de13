/**
 * `tessera saml` against a real server, with responses signed by xmlsec1 (test/helpers/saml.ts): the
 * IdP's POST received by `--listen` on a loopback port, the role picked on the terminal (a pty) from the
 * pairs in the response or by --role-arn; stdin and --file; a tampered response refused by STS (254).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CreateRoleCommand, CreateSAMLProviderCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { sdkConfig } from '../helpers/clients.js';
import { createTestIdp, type TestIdp } from '../helpers/saml.js';
import { repoRoot, startServer, tesseraBin, type TestServer } from '../helpers/server.js';
import { sandbox, tessera, underPty, type Sandbox } from './client-helpers.js';

let server: TestServer;
let idp: TestIdp;
let sb: Sandbox;
let providerArn: string;
let devArn: string;
let opsArn: string;

before(async () => {
  server = await startServer({ args: ['--log', 'off'] });
  idp = createTestIdp();
  const iam = new IAMClient(sdkConfig(server));
  providerArn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Workspace', SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!;
  const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: providerArn }, Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }] });
  devArn = (await iam.send(new CreateRoleCommand({ RoleName: 'Dev', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  opsArn = (await iam.send(new CreateRoleCommand({ RoleName: 'Ops', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  sb = sandbox();
  sb.config(`[default]\nregion = eu-west-1\nendpoint_url = ${server.url}\n`);
});

after(async () => {
  await server?.stop();
  idp?.remove();
  sb?.remove();
});

const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');
const twoRoles = () => idp.response({ nameId: 'alice@example.test', rolePairs: [`${devArn},${providerArn}`, `${providerArn},${opsArn}`] });

async function arnOf(c: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }) {
  return (await new STSClient({ ...sdkConfig(server), credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } }).send(new GetCallerIdentityCommand({}))).Arn;
}

/** Posts the SAMLResponse form to the loopback endpoint as the IdP's auto-submitting page would. */
async function postWhenListening(url: string, samlB64: string): Promise<Response> {
  for (let i = 0; i < 100; i++) {
    try {
      return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlB64, RelayState: '' }) });
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing listening at ${url}`);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

describe('tessera saml', () => {
  test('--listen: the IdP POSTs the response to a random loopback port; --role-arn picks among its pairs', async () => {
    const child = spawn(process.execPath, [tesseraBin, 'saml', '--listen', '--role-arn', opsArn, '--format', 'process'], { env: sb.env, cwd: repoRoot, detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    const url = await new Promise<string>((resolve) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const m = /POST it \(SAMLResponse\) to (http:\/\/127\.0\.0\.1:\d+\/saml)/.exec(stderr);
        if (m) resolve(m[1]!);
      });
    });
    const page = await postWhenListening(url, b64(twoRoles()));
    assert.equal(page.status, 200);
    assert.match(await page.text(), /You can close this window/);
    const status = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(status, 0, stderr);
    const c = JSON.parse(stdout);
    assert.equal(await arnOf(c), `arn:aws:sts::${server.accountId}:assumed-role/Ops/alice@example.test`);
    assert.doesNotMatch(stderr, new RegExp(c.SecretAccessKey.replace(/[+/]/g, '\\$&')));
  });

  test('--listen on a given port; two roles offered, the user picks the second on the terminal', async () => {
    const port = await freePort();
    const saml = b64(twoRoles());
    const posting = postWhenListening(`http://127.0.0.1:${port}/saml`, saml);
    const r = await underPty(sb, ['saml', '--listen', String(port), '--format', 'process'], 'Pick a role [1-2]: ', '2');
    assert.equal((await posting).status, 200);
    assert.equal(r.status, 0, r.output);
    assert.equal(r.prompts, 1);
    assert.match(r.output, /The SAML response offers 2 roles:\r?\n\s+\[1\] arn:aws:iam::\d+:role\/Dev\s+\(arn:aws:iam::\d+:saml-provider\/Workspace\)\r?\n\s+\[2\] arn:aws:iam::\d+:role\/Ops/);
    const json = r.output.slice(r.output.indexOf('{'), r.output.lastIndexOf('}') + 1);
    assert.equal(await arnOf(JSON.parse(json)), `arn:aws:sts::${server.accountId}:assumed-role/Ops/alice@example.test`);
  });

  test('from stdin (base64) with --role-arn and --principal-arn; from --file (XML); several roles and no terminal: 252', async () => {
    const viaStdin = await tessera(sb, ['saml', '--role-arn', devArn, '--principal-arn', providerArn], {}, b64(twoRoles()));
    assert.equal(viaStdin.status, 0, viaStdin.stderr);
    assert.match(viaStdin.stdout, /^export AWS_SESSION_TOKEN='/m);
    assert.match(viaStdin.stderr, /assumed arn:aws:sts::\d+:assumed-role\/Dev\/alice@example.test until/);
    const file = join(sb.home, 'response.xml');
    writeFileSync(file, idp.response({ nameId: 'bob@example.test', rolePairs: [`${devArn},${providerArn}`] }));
    const viaFile = await tessera(sb, ['saml', '--file', file, '--format', 'process']);
    assert.equal(viaFile.status, 0, viaFile.stderr);
    assert.equal(await arnOf(JSON.parse(viaFile.stdout)), `arn:aws:sts::${server.accountId}:assumed-role/Dev/bob@example.test`);
    const noTty = await tessera(sb, ['saml'], {}, b64(twoRoles()));
    assert.equal(noTty.status, 252);
    assert.match(noTty.stderr, /several roles are offered and there is no terminal to pick on: pass --role-arn/);
  });

  test('a tampered response is refused by STS with its message (254)', async () => {
    const xml = twoRoles().replace('alice@example.test</saml:NameID>', 'mallory@example.test</saml:NameID>');
    const r = await tessera(sb, ['saml', '--role-arn', devArn], {}, b64(xml));
    assert.equal(r.status, 254);
    assert.match(r.stderr, /^tessera: An error occurred \(InvalidIdentityToken\) when calling the AssumeRoleWithSAML operation: /);
    assert.equal(r.stdout, '');
  });
});
