/**
 * `aws sso login` with the aws CLI v2 (Debian's awscli 2.9, /usr/bin/aws), unchanged: v2.9 ignores
 * AWS_ENDPOINT_URL and calls https://oidc.us-east-1.amazonaws.com and https://portal.sso.us-east-1.amazonaws.com,
 * so the test runs Tessera over HTTPS with a certificate made for those names (trusted through AWS_CA_BUNDLE)
 * and gives the CLI an HTTPS proxy (HTTPS_PROXY) that tunnels exactly those two hosts to Tessera's listener
 * and refuses every other. The CLI's config is what `aws configure sso` writes; the person approves the code
 * in Chromium on the console's page. Then `aws sts get-caller-identity` and `aws s3 ls` run as the
 * permission set's role, and boto3's SSO provider and the JS SDK's fromSSO work from the same token cache.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot, startServer, tesseraBin, type TestServer } from '../helpers/server.js';

const AWS_V2 = '/usr/bin/aws';
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(repoRoot, 'test-output', 'screenshots');
const HOSTS = ['oidc.us-east-1.amazonaws.com', 'portal.sso.us-east-1.amazonaws.com'];
const PASSWORD = 'Identity-Center-Pa55!';
const START_URL = 'https://tessera.example.test/start';

let server: TestServer;
let dataDir: string;
let work: string;
let caFile: string;
let proxy: Server;
let proxyUrl: string;
const tunneled: string[] = [];
const refused: string[] = [];
let context: BrowserContext;

function run(cmd: string, args: string[], env: Record<string, string>, cwd?: string) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', cwd, timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** As run(), without blocking this process: the proxy (in this process) must keep serving the client. */
function runAsync(cmd: string, args: string[], env: Record<string, string>, cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(cmd, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const t = setTimeout(() => c.kill('SIGKILL'), 120_000);
    c.on('close', (status) => {
      clearTimeout(t);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The environment every client gets: its own HOME (token cache), config file, the proxy and the test CA. */
function clientEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: work,
    AWS_CONFIG_FILE: join(work, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(work, 'credentials'),
    AWS_CA_BUNDLE: caFile,
    HTTPS_PROXY: proxyUrl,
    https_proxy: proxyUrl,
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

function python(script: string) {
  return runAsync('python3', ['-c', script], { ...clientEnv(), ENDPOINT: server.url });
}

before(async () => {
  assert.ok(existsSync(AWS_V2), 'the aws CLI v2 is required: apt-get install -y awscli (Debian: /usr/bin/aws 2.9)');
  assert.match(run(AWS_V2, ['--version'], { PATH: '/usr/bin:/bin' }).stdout, /^aws-cli\/2\./);
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'tessera-sso-cli-'));
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-sso-cli-data-'));
  caFile = join(work, 'cert.pem');
  const keyFile = join(work, 'key.pem');
  const san = ['IP:127.0.0.1', ...HOSTS.map((h) => `DNS:${h}`)].join(',');
  const cert = run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1', '-subj', '/CN=tessera-sso-test', '-addext', `subjectAltName=${san}`], { PATH: '/usr/bin:/bin' });
  assert.equal(cert.status, 0, cert.stderr);
  server = await startServer({ dataDir, args: ['--log', 'off', '--tls-cert', caFile, '--tls-key', keyFile] });
  assert.match(server.url, /^https:\/\//);

  // The CONNECT proxy: the two Identity Center hosts go to Tessera's TLS listener; nothing else goes anywhere.
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, socket, head) => {
    const [host, port] = String(req.url).split(':');
    if (!HOSTS.includes(host!) || port !== '443') {
      refused.push(String(req.url));
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    tunneled.push(host!);
    const up = connect(server.port, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  // Administration as the root user, with boto3 (sso-admin, identitystore): one user, one permission set.
  const setup = await python(`
import boto3, json, os
kw = dict(endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', verify=os.environ['AWS_CA_BUNDLE'], aws_access_key_id='${server.root.accessKeyId}', aws_secret_access_key='${server.root.secretAccessKey}')
admin, ids, s3 = boto3.client('sso-admin', **kw), boto3.client('identitystore', **kw), boto3.client('s3', **kw)
inst = admin.list_instances()['Instances'][0]
uid = ids.create_user(IdentityStoreId=inst['IdentityStoreId'], UserName='dana', DisplayName='Dana')['UserId']
ps = admin.create_permission_set(InstanceArn=inst['InstanceArn'], Name='Reader')['PermissionSet']['PermissionSetArn']
admin.attach_managed_policy_to_permission_set(InstanceArn=inst['InstanceArn'], PermissionSetArn=ps, ManagedPolicyArn='arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess')
admin.create_account_assignment(InstanceArn=inst['InstanceArn'], TargetId='${server.accountId}', TargetType='AWS_ACCOUNT', PermissionSetArn=ps, PrincipalType='USER', PrincipalId=uid)
s3.create_bucket(Bucket='cli-v2-bucket')
print(json.dumps({'ok': True}))
`);
  assert.equal(setup.status, 0, setup.stderr);
  const pw = spawnSync(process.execPath, [tesseraBin, 'admin', 'sso-user-password', '--data', dataDir, '--account-id', server.accountId, '--user', 'dana'], { input: PASSWORD, encoding: 'utf8' });
  assert.equal(pw.status, 0, pw.stderr);

  // What `aws configure sso` writes for a profile.
  writeFileSync(
    join(work, 'config'),
    `[profile tessera-sso]\nsso_start_url = ${START_URL}\nsso_region = us-east-1\nsso_account_id = ${server.accountId}\nsso_role_name = Reader\nregion = us-east-1\noutput = json\n`,
  );
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1280, height: 800 } });
});

after(async () => {
  await context?.close().catch(() => undefined);
  proxy?.close();
  await server?.stop();
  for (const d of [dataDir, work]) if (d) rmSync(d, { recursive: true, force: true });
});

test('aws sso login --no-browser (CLI v2), approved in Chromium; then the CLI, boto3 and the JS SDK run as the role', async () => {
  const login = spawn(AWS_V2, ['sso', 'login', '--no-browser', '--profile', 'tessera-sso'], { env: clientEnv() });
  let printed = '';
  login.stdout.on('data', (d: Buffer) => (printed += d.toString()));
  login.stderr.on('data', (d: Buffer) => (printed += d.toString()));
  const exited = new Promise<number | null>((r) => login.on('exit', r));
  const code = await new Promise<string>((resolve, reject) => {
    const t = setInterval(() => {
      const m = /\n([B-Z]{4}-[B-Z]{4})\n/.exec(printed);
      if (m) {
        clearInterval(t);
        resolve(m[1]!);
      }
    }, 100);
    void exited.then((c) => {
      clearInterval(t);
      reject(new Error(`aws sso login exited (${c}) before printing a code: ${printed}`));
    });
  });
  const uri = /(https?:\/\/\S+\/_console\/sso\/device)\s/.exec(printed);
  assert.ok(uri, printed);

  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${server.consoleUrl}/_console/sso/device`);
  await page.fill('#userCode', code.toLowerCase().replace('-', ''));
  await page.fill('#userName', 'dana');
  await page.fill('#password', PASSWORD);
  await page.click('#approve');
  await page.waitForSelector('#done:not(.hidden), #error:not(.hidden)');
  await page.screenshot({ path: join(SHOTS, 'sso-cli-v2-approved.png'), fullPage: true });
  assert.match(await page.locator('#done').innerText(), /^Request approved\./);

  assert.equal(await exited, 0, printed);
  assert.match(printed, new RegExp(`Successfully logged into Start URL: ${START_URL.replace(/[.]/g, '\\.')}`));
  const cache = readdirSync(join(work, '.aws', 'sso', 'cache'));
  assert.ok(cache.length >= 1, 'the token cache was written');
  assert.ok(tunneled.includes('oidc.us-east-1.amazonaws.com'));

  const arnRe = new RegExp(`^arn:aws:sts::${server.accountId}:assumed-role/AWSReservedSSO_Reader_[0-9a-f]{16}/dana$`);
  const who = await runAsync(AWS_V2, ['sts', 'get-caller-identity', '--profile', 'tessera-sso', '--endpoint-url', server.url], clientEnv());
  assert.equal(who.status, 0, who.stderr);
  assert.match(JSON.parse(who.stdout).Arn, arnRe);
  assert.ok(tunneled.includes('portal.sso.us-east-1.amazonaws.com'), 'GetRoleCredentials went to the portal host');
  const ls = await runAsync(AWS_V2, ['s3', 'ls', '--profile', 'tessera-sso', '--endpoint-url', server.url], clientEnv());
  assert.equal(ls.status, 0, ls.stderr);
  assert.match(ls.stdout, /cli-v2-bucket/);
  const mb = await runAsync(AWS_V2, ['s3', 'mb', 's3://not-allowed', '--profile', 'tessera-sso', '--endpoint-url', server.url], clientEnv());
  assert.notEqual(mb.status, 0);
  assert.match(mb.stderr, /AccessDenied/);

  const boto = await python(`
import boto3, json, os
s = boto3.Session(profile_name='tessera-sso')
print(json.dumps({'arn': s.client('sts', endpoint_url=os.environ['ENDPOINT']).get_caller_identity()['Arn']}))
`);
  assert.equal(boto.status, 0, boto.stderr);
  assert.match(JSON.parse(boto.stdout).arn, arnRe);

  const js = await runAsync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `
import { fromSSO } from '@aws-sdk/credential-providers';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
// Node's HTTPS does not take HTTPS_PROXY: the portal is named by its endpoint, as AWS_ENDPOINT_URL would.
const credentials = fromSSO({ profile: 'tessera-sso', clientConfig: { endpoint: ${JSON.stringify(server.url)} } });
const sts = new STSClient({ region: 'us-east-1', endpoint: ${JSON.stringify(server.url)}, credentials });
const out = await sts.send(new GetCallerIdentityCommand({}));
console.log(JSON.stringify({ arn: out.Arn }));
`,
    ],
    { ...clientEnv(), NODE_EXTRA_CA_CERTS: caFile },
    repoRoot,
  );
  assert.equal(js.status, 0, js.stderr);
  assert.match(JSON.parse(js.stdout.trim().split('\n').pop()!).arn, arnRe);
  assert.deepEqual(refused, [], 'nothing else was asked of the proxy');
});
