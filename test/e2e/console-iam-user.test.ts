/**
 * IAM users in the console, in headless Chromium (Debian chromium driven by playwright-core) against a real
 * server:
 *  1. A user with a login profile and AmazonS3ReadOnlyAccess signs in at /_console/signin with account id +
 *     user name + password, is shown as arn:aws:iam::ACCOUNT:user/NAME, sees the buckets; a wrong password
 *     is refused with its message and no cookie.
 *  2. The same user with a virtual MFA device (enabled with oathtool's codes): the sign-in asks for the code,
 *     a wrong code is refused, a fresh step's code (never used: codes are single-use) signs in with MFA.
 *  3. A user with no device enrols one from "My security credentials": the QR code shown is decoded with
 *     zbarimg (otpauth://totp/ URI), two consecutive oathtool codes from its seed enable the device, which
 *     the page and ListMFADevices then show.
 * Screenshots go to test-output/screenshots/2x-*.png.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AttachUserPolicyCommand, CreateLoginProfileCommand, type IAMClient, ListMFADevicesCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { sdkConfig } from '../helpers/clients.js';
import { enabledMfaDevice, oathtoolCode, startIamServer, userWithKey } from '../helpers/iam.js';
import { repoRoot, type TestServer } from '../helpers/server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SHOTS = join(repoRoot, 'test-output', 'screenshots');
const BAD = 'Your authentication information is incorrect. Please try again.';
const PASSWORD = 'Console-User-Pa55word!';
const BUCKETS = ['iam-user-logs', 'iam-user-reports'];

let server: TestServer;
let iam: IAMClient;
let work: string;
const contexts: BrowserContext[] = [];
const profiles: string[] = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), 'Debian chromium is required: apt-get install -y chromium');
  for (const tool of ['oathtool', 'zbarimg']) assert.equal(spawnSync('which', [tool]).status, 0, `${tool} is required`);
  mkdirSync(SHOTS, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'tessera-console-iam-'));
  ({ server, iam } = await startIamServer({ args: ['--log', 'off'] }));
  const s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  for (const b of BUCKETS) await s3.send(new CreateBucketCommand({ Bucket: b }));
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await server?.stop();
  for (const p of [...profiles, work]) if (p) rmSync(p, { recursive: true, force: true });
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function browser(): Promise<{ context: BrowserContext; page: Page }> {
  const profile = mkdtempSync(join(tmpdir(), 'tessera-chromium-'));
  profiles.push(profile);
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1366, height: 800 } });
  contexts.push(context);
  return { context, page: context.pages()[0] ?? (await context.newPage()) };
}

/** A user with a console password (and, with `inline`, an inline policy). */
async function consoleUser(name: string, inline?: object[]) {
  await userWithKey(iam, name, inline);
  await iam.send(new CreateLoginProfileCommand({ UserName: name, Password: PASSWORD }));
}

async function fillUser(page: Page, userName: string, password: string) {
  await page.goto(`${server.consoleUrl}/_console/signin`);
  await page.fill('#account', server.accountId);
  await page.fill('#userName', userName);
  await page.fill('#password', password);
}

/** The error shown on the sign-in page after a submit (waits for exactly `message`). */
async function signinError(page: Page, message: string) {
  await page.locator('#error:not(.hidden)').filter({ hasText: message }).waitFor();
  assert.equal(await page.locator('#error').textContent(), message);
}

const noCookies = async (context: BrowserContext) => assert.deepEqual(await context.cookies(), []);

const zbar = (png: string) => spawnSync('zbarimg', ['--raw', '-q', png], { encoding: 'utf8' });

test('an IAM user signs in with account id, user name and password: ARN shown, buckets listed; a wrong password is refused', async () => {
  const name = 'console-reader';
  await consoleUser(name);
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' }));
  const { context, page } = await browser();

  await fillUser(page, name, 'not-the-password');
  await page.click('#submit');
  await signinError(page, BAD);
  assert.equal(new URL(page.url()).pathname, '/_console/signin');
  assert.ok(await page.locator('#mfa-fields').evaluate((e) => e.classList.contains('hidden')), 'no MFA question for a wrong password');
  await noCookies(context);
  await shot(page, '20-iam-user-wrong-password');

  await page.fill('#password', PASSWORD);
  await page.click('#submit');
  await page.waitForURL(`${server.consoleUrl}/_console/`);
  const arn = `arn:aws:iam::${server.accountId}:user/${name}`;
  await page.getByTestId('arn').filter({ hasText: arn }).waitFor();
  assert.equal(await page.getByTestId('arn').textContent(), arn);
  assert.equal(await page.locator('#who-name').textContent(), arn);
  assert.equal(await page.getByTestId('mfa').textContent(), 'no');
  assert.deepEqual(
    (await context.cookies()).map((c) => [c.name, c.httpOnly, c.path]),
    [['tessera-console', true, '/_console']],
  );
  await shot(page, '21-iam-user-home');

  await page.click('a[data-nav="s3"]');
  await page.getByTestId('bucket').first().waitFor();
  assert.deepEqual(await page.getByTestId('bucket').allTextContents(), BUCKETS);
  await shot(page, '22-iam-user-buckets');
});

test('with a virtual MFA device the sign-in asks for the code: a wrong code is refused, a fresh one signs in with MFA', async () => {
  const name = 'console-reader';
  const { seed } = await enabledMfaDevice(iam, name, 'console-reader-mfa');
  const { context, page } = await browser();

  await fillUser(page, name, PASSWORD);
  await page.click('#submit');
  await signinError(page, 'Enter the code from your MFA device.');
  await page.locator('#mfaCode').waitFor({ state: 'visible' });
  await noCookies(context);
  await shot(page, '23-iam-user-mfa-asked');

  // A 6-digit code that is none of the device's codes around now.
  const near = new Set([-90, -60, -30, 0, 30, 60, 90].map((s) => oathtoolCode(seed, s)));
  let wrong = 0;
  while (near.has(String(wrong).padStart(6, '0'))) wrong++;
  await page.fill('#mfaCode', String(wrong).padStart(6, '0'));
  await page.click('#submit');
  await signinError(page, 'MultiFactorAuthentication failed with invalid MFA one time pass code.');
  await noCookies(context);
  await shot(page, '24-iam-user-mfa-wrong-code');

  // enabledMfaDevice spent the previous and the current steps; the next step's code (accepted one step
  // ahead) has never been used.
  await page.fill('#mfaCode', oathtoolCode(seed, 30));
  await page.click('#submit');
  await page.waitForURL(`${server.consoleUrl}/_console/`);
  await page.getByTestId('arn').filter({ hasText: `arn:aws:iam::${server.accountId}:user/${name}` }).waitFor();
  assert.equal(await page.getByTestId('mfa').textContent(), 'yes');
  await shot(page, '25-iam-user-mfa-home');
});

test('a user enrols a virtual MFA device from My security credentials: QR code decoded, two consecutive codes, device assigned', async () => {
  const name = 'console-enroller';
  const acct = server.accountId;
  await consoleUser(name, [
    { Effect: 'Allow', Action: 'iam:CreateVirtualMFADevice', Resource: `arn:aws:iam::${acct}:mfa/${name}` },
    { Effect: 'Allow', Action: ['iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ListAccessKeys'], Resource: `arn:aws:iam::${acct}:user/${name}` },
  ]);
  const { page } = await browser();
  await fillUser(page, name, PASSWORD);
  await page.click('#submit');
  await page.getByTestId('arn').filter({ hasText: `arn:aws:iam::${acct}:user/${name}` }).waitFor();

  await page.click('a[data-nav="me"]');
  await page.locator('h1', { hasText: 'My security credentials' }).waitFor();
  await page.getByText('No MFA device assigned.').waitFor();
  assert.equal(await page.locator('#mfa-name').inputValue(), name);
  // Nothing optional (no flash message yet) is rendered as the text "null".
  assert.doesNotMatch(await page.locator('#main').innerText(), /\bnull\b/);
  await shot(page, '26-my-credentials-no-mfa');

  await page.getByRole('button', { name: 'Create device' }).click();
  const qr = page.getByTestId('mfa-qr');
  await qr.waitFor();
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid=mfa-qr]');
    return img !== null && img.complete && img.naturalWidth > 0;
  });
  const src = (await qr.getAttribute('src'))!;
  assert.match(src, /^data:image\/png;base64,/);
  await shot(page, '27-mfa-qr-code');

  // The PNG the page shows, decoded as an authenticator app would read it.
  const png = join(work, 'qr.png');
  writeFileSync(png, Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
  const fromPng = zbar(png);
  assert.equal(fromPng.status, 0, fromPng.stderr);
  const uri = fromPng.stdout.trim();
  assert.match(uri, /^otpauth:\/\/totp\//);
  // And the same from the pixels on screen.
  const shown = join(SHOTS, '28-mfa-qr-element.png');
  await qr.screenshot({ path: shown });
  const fromScreen = zbar(shown);
  assert.equal(fromScreen.status, 0, fromScreen.stderr);
  assert.equal(fromScreen.stdout.trim(), uri);

  const u = new URL(uri);
  assert.equal(decodeURIComponent(u.pathname.slice(1)), `Tessera:${name}@${acct}`);
  const seed = u.searchParams.get('secret')!;
  assert.match(seed, /^[A-Z2-7]{16,}$/);
  assert.equal(u.searchParams.get('issuer'), 'Tessera');
  // The seed shown for typing in is the same one.
  await page.getByText(seed, { exact: true }).waitFor();

  // One instant for both codes (a step boundary between two "now"s would skip a step).
  const t = Date.now();
  const totp = (ms: number) => spawnSync('oathtool', ['--totp', '-b', '--now', new Date(ms).toISOString(), seed], { encoding: 'utf8' }).stdout.trim();
  const [code1, code2] = [totp(t), totp(t + 30_000)];
  assert.match(code1, /^\d{6}$/);
  assert.match(code2, /^\d{6}$/);
  await page.fill('#mfa-code1', code1);
  await page.fill('#mfa-code2', code2);
  await page.getByRole('button', { name: 'Enable MFA' }).click();

  const serial = `arn:aws:iam::${acct}:mfa/${name}`;
  await page.locator('.alert.ok', { hasText: `MFA device ${serial} is now enabled.` }).waitFor();
  await page.locator('table td code', { hasText: serial }).waitFor();
  assert.equal(await page.getByTestId('mfa-qr').count(), 0, 'the enrolment panel is gone once a device is assigned');
  assert.doesNotMatch(await page.locator('#main').innerText(), /\bnull\b/);
  await shot(page, '29-mfa-assigned');

  const listed = await iam.send(new ListMFADevicesCommand({ UserName: name }));
  assert.deepEqual(
    listed.MFADevices?.map((d) => [d.UserName, d.SerialNumber, d.EnableDate instanceof Date]),
    [[name, serial, true]],
  );
});
