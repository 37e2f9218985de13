/**
 * Seed 001 (AWS SDK example "construct a URL for federated users") through boto3, its functions as
 * published with one change: the federation endpoint's URL points at Tessera. Then headless Chromium
 * (Debian chromium, driven by playwright-core, a fresh --user-data-dir) opens the login URL, lands in the
 * console as the role, sees the buckets AmazonS3ReadOnlyAccess allows, downloads an object, fails an upload
 * with the explained AccessDenied shown in the page, and after the session ends is sent to the Issuer
 * (a second server on the same data directory with its clock moved past the 12-hour SessionDuration;
 * the closed network means the test sees the navigation to https://example.org/, not its page).
 * The account root also signs in through /_console/signin. Screenshots go to test-output/screenshots/.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { python, sdkConfig, type Creds } from '../helpers/clients.js';
import { adminWithKey } from '../helpers/iam.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(repoRoot, 'test-output', 'screenshots');

let server: TestServer;
let dataDir: string;
let admin: Creds;
const root = { accessKeyId: 'AKIACONSOLEROOT00001', secretAccessKey: 'consoleRootSecret/abcdefghijklmnopqrstu' };
const servers: TestServer[] = [];
const profiles: string[] = [];
const contexts: BrowserContext[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
  mkdirSync(SHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'tessera-console-'));
  server = await startServer({ dataDir, root, args: ['--log', 'off'] });
  servers.push(server);
  const iam = new IAMClient(sdkConfig(server));
  admin = await adminWithKey(iam, 'demo-admin');
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  for (const b of ['reports-2026', 'team-photos']) await s3.send(new CreateBucketCommand({ Bucket: b }));
  await s3.send(new PutObjectCommand({ Bucket: 'reports-2026', Key: 'q1/summary.txt', Body: 'Q1: all green\n', ContentType: 'text/plain' }));
  await s3.send(new PutObjectCommand({ Bucket: 'reports-2026', Key: 'readme.md', Body: '# Reports\n' }));
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  for (const s of servers) await s.stop();
  for (const p of [...profiles, dataDir]) if (p) rmSync(p, { recursive: true, force: true });
});

/** Seed 001's functions, verbatim apart from line breaks restored and the federation endpoint's URL. */
const SEED_001 = String.raw`
import datetime, json, os, sys, time, urllib.parse
import boto3, requests

def unique_name(key):
    return f"doc-example-{key}-{time.time_ns()}"

def progress_bar(seconds):
    pass

def setup(iam_resource):
    role = iam_resource.create_role(
        RoleName=unique_name("role"),
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"AWS": iam_resource.CurrentUser().arn},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )
    role.attach_policy(PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    print(f"Created role {role.name}.")
    print("Give AWS time to propagate these new resources and connections.", end="")
    progress_bar(10)
    return role

def construct_federated_url(assume_role_arn, session_name, issuer, sts_client):
    response = sts_client.assume_role(
        RoleArn=assume_role_arn, RoleSessionName=session_name
    )
    temp_credentials = response["Credentials"]
    print(f"Assumed role {assume_role_arn} and got temporary credentials.")
    session_data = {
        "sessionId": temp_credentials["AccessKeyId"],
        "sessionKey": temp_credentials["SecretAccessKey"],
        "sessionToken": temp_credentials["SessionToken"],
    }
    aws_federated_signin_endpoint = os.environ["ENDPOINT"] + "/_signin/federation"  # the one change

    # Make a request to the AWS federation endpoint to get a sign-in token.
    # The requests.get function URL-encodes the parameters and builds the query string
    # before making the request.
    response = requests.get(
        aws_federated_signin_endpoint,
        params={
            "Action": "getSigninToken",
            "SessionDuration": str(datetime.timedelta(hours=12).seconds),
            "Session": json.dumps(session_data),
        },
    )
    signin_token = json.loads(response.text)
    print(f"Got a sign-in token from the AWS sign-in federation endpoint.")

    # Make a federated URL that can be used to sign into the AWS Management Console.
    query_string = urllib.parse.urlencode(
        {
            "Action": "login",
            "Issuer": issuer,
            "Destination": "https://console.aws.amazon.com/",
            "SigninToken": signin_token["SigninToken"],
        }
    )
    federated_url = f"{aws_federated_signin_endpoint}?{query_string}"
    return federated_url

def teardown(role):
    for attached in role.attached_policies.all():
        role.detach_policy(PolicyArn=attached.arn)
        print(f"Detached {attached.policy_name}.")
    role.delete()
    print(f"Deleted {role.name}.")
`;

let roleName = '';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function browser(): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1366, height: 800 },
    acceptDownloads: true,
  });
  contexts.push(context);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

test('seed 001 → federated URL → console as the role: buckets, download, denied upload with its explanation, Issuer at the end', async () => {
  const script = `${SEED_001}
sys.stdout = sys.stderr
iam_resource = boto3.resource("iam")
role = setup(iam_resource)
sts_client = boto3.client("sts")
federated_url = construct_federated_url(role.arn, "AssumeRoleDemoSession", "example.org", sts_client)
sys.__stdout__.write(json.dumps({"url": federated_url, "role": role.name}))
`;
  const r = python(server, script, admin, { AWS_ENDPOINT_URL: server.url });
  assert.equal(r.status, 0, r.stderr);
  const { url, role } = JSON.parse(r.stdout) as { url: string; role: string };
  roleName = role;
  assert.ok(url.startsWith(`${server.url}/_signin/federation?Action=login&Issuer=example.org&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=`), url);

  const { page } = await browser();
  await page.goto(url);
  // The login URL is on the API origin; the console lives on its own origin (its own port).
  assert.equal(page.url(), `${server.consoleUrl}/_console/`);
  assert.notEqual(new URL(server.consoleUrl).origin, new URL(server.url).origin);
  const arn = `arn:aws:sts::${server.accountId}:assumed-role/${role}/AssumeRoleDemoSession`;
  await page.getByTestId('arn').filter({ hasText: arn }).waitFor();
  assert.equal(await page.getByTestId('mfa').textContent(), 'no');
  await shot(page, '01-home-role-session');

  await page.click('a[data-nav="s3"]');
  await page.getByTestId('bucket').first().waitFor();
  assert.deepEqual(await page.getByTestId('bucket').allTextContents(), ['reports-2026', 'team-photos']);
  await shot(page, '02-s3-buckets');

  await page.getByTestId('bucket').filter({ hasText: 'reports-2026' }).click();
  await page.getByTestId('prefix').first().waitFor();
  assert.deepEqual(await page.getByTestId('prefix').allTextContents(), ['📁 q1/']);
  assert.deepEqual(await page.getByTestId('object').allTextContents(), ['readme.md']);
  await page.getByTestId('prefix').click();
  await page.getByTestId('object').filter({ hasText: 'summary.txt' }).waitFor();
  await shot(page, '03-s3-objects');

  // The download is a presigned GET on the S3 origin (an attachment), never bytes from the console's origin.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
  assert.equal(download.suggestedFilename(), 'summary.txt');
  const from = new URL(download.url());
  assert.equal(from.origin, new URL(server.url).origin);
  assert.equal(from.pathname, '/reports-2026/q1/summary.txt');
  assert.equal(from.searchParams.get('X-Amz-Expires'), '60');
  assert.equal(page.url(), `${server.consoleUrl}/_console/#/s3/reports-2026/q1%2F`, 'the console page stays');
  const saved = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(saved!, 'utf8'), 'Q1: all green\n');

  await page.setInputFiles('#upload-file', { name: 'new-report.txt', mimeType: 'text/plain', buffer: Buffer.from('not allowed') });
  await page.click('#upload');
  const denial = page.getByTestId('error');
  await denial.waitFor();
  const message = (await denial.textContent())!;
  assert.match(message, /^AccessDenied/);
  assert.match(message, new RegExp(`User: ${arn.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not authorized to perform: s3:PutObject on resource: "?arn:aws:s3:::reports-2026/q1/new-report.txt`));
  await shot(page, '04-s3-upload-denied');

  await page.click('a[data-nav="users"]');
  // The S3 page's denial may still be on screen for a moment: wait for the users page's own.
  const usersDenial = page.getByTestId('error').filter({ hasText: 'iam:ListUsers' });
  await usersDenial.waitFor();
  assert.equal(await page.getByTestId('error').count(), 1);
  assert.match((await usersDenial.textContent())!, /^AccessDenied.*iam:ListUsers/);
  await shot(page, '05-iam-users-denied');

  await page.click('a[data-nav="simulator"]');
  await page.click('#sim-run');
  await page.locator('[data-testid=simulator-todo], [data-testid=error], table').first().waitFor();
  // The role may not call iam:Simulate* (AccessDenied, explained), or the server may not have it yet (TODO).
  await shot(page, '06-policy-simulator');

  // The session ends (SessionDuration 12 h): a server on the same store with its clock 12 h + 100 s ahead
  // answers the console with the Issuer.
  const later = await startServer({ dataDir, root, args: ['--log', 'off', '--unsafe-clock-offset', String(43_200 + 100)] });
  servers.push(later);
  // (Playwright's route handlers do not see redirect targets, and the network is closed: the test records
  // the browser's navigation request to the Issuer; the name then fails to resolve.)
  const toIssuer = page.waitForRequest((q) => q.url() === 'https://example.org/' && q.isNavigationRequest());
  await page.goto(`${later.consoleUrl}/_console/`).catch(() => undefined);
  const hop = await toIssuer;
  assert.equal(hop.redirectedFrom()?.url(), `${later.consoleUrl}/_console/`);
});

test('the account root signs in at /_console/signin and sees IAM', async () => {
  const { page } = await browser();
  await page.goto(`${server.url}/_console/`);
  assert.equal(page.url(), `${server.consoleUrl}/_console/signin`, 'the API origin sends the browser to the console origin');
  await shot(page, '08-signin-page');
  await page.click('#tab-root');
  await page.fill('#accessKeyId', root.accessKeyId);
  await page.fill('#secretAccessKey', 'wrong-secret');
  await page.click('#submit');
  await page.locator('#error').filter({ hasText: 'incorrect' }).waitFor();
  await page.fill('#secretAccessKey', root.secretAccessKey);
  await page.click('#submit');
  await page.getByTestId('arn').filter({ hasText: `arn:aws:iam::${server.accountId}:root` }).waitFor();
  await page.click('a[data-nav="users"]');
  await page.locator('table td a', { hasText: 'demo-admin' }).waitFor();
  await shot(page, '09-iam-users-root');
  await page.click('a[data-nav="roles"]');
  await page.locator('table td a', { hasText: roleName || 'doc-example-role' }).first().waitFor();
  await page.locator('table td a').first().click();
  // The trust policy, in its editor.
  await page.locator('#trust-policy').waitFor();
  assert.match(await page.locator('#trust-policy').inputValue(), /"sts:AssumeRole"/);
  await shot(page, '10-iam-role');
  await page.click('a[data-nav="policies"]');
  await page.locator('select').selectOption('AWS');
  await page.locator('table td a', { hasText: 'AmazonS3ReadOnlyAccess' }).click();
  await page.locator('pre.doc').filter({ hasText: 's3:Get*' }).waitFor();
  await shot(page, '11-iam-policy');
  await page.click('a[data-nav="me"]');
  await page.locator('h1', { hasText: 'My security credentials' }).waitFor();
  await page.locator('table, .alert').first().waitFor();
  await shot(page, '12-my-credentials');
  // Signing out goes back to the sign-in page (no Issuer for password sign-ins).
  await page.click('#logout');
  await page.waitForURL(/\/_console\/signin\?loggedout=1$/);
  await page.goto(`${server.url}/_console/`);
  assert.equal(new URL(page.url()).pathname, '/_console/signin');

  // Seed 001's teardown, as published.
  const r = python(server, `${SEED_001}\nteardown(boto3.resource("iam").Role(${JSON.stringify(roleName)}))\n`, admin, { AWS_ENDPOINT_URL: server.url });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Detached AmazonS3ReadOnlyAccess\.\nDeleted doc-example-role-\d+\./);
});
