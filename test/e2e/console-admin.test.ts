/**
 * The console as an administration tool, in headless Chromium (Debian chromium driven by playwright-core)
 * against a real server; every action the page takes is a signed AWS request with the session's own
 * credentials, and each flow's result is checked through the AWS SDK:
 *  1. A federated user's session (`tessera console` over long-term keys: GetFederationToken) sees S3 work and,
 *     on every IAM page and the simulator, the explanation of why its credentials cannot call IAM (never the
 *     raw InvalidClientTokenId).
 *  2. An administrator (password sign-in) administers IAM: users (create, tags, groups, attach/detach,
 *     access keys, console password, MFA device listed then deactivated, delete), groups, roles (trust policy
 *     editor with AWS's validation message, max session duration, boundary, revoke active sessions as
 *     AWSRevokeOlderSessions), policies (editor, versions, set default), identity providers, account alias and
 *     password policy; lists of more than one page ("Load more" over IsTruncated/Marker).
 *  3. S3: bucket create/delete, policy editor (AWS's MalformedPolicy message, then saved), versioning,
 *     encryption, tags, public access block, CORS, upload with progress, folders, object delete, objects past
 *     the first 1,000 (continuation token); the simulator with a resource policy.
 *  4. What a session may not do fails with the explained AccessDenied (a read-only user creating a user).
 *  5. Sign-in: PasswordResetRequired forces a new password (the account's password policy refuses a weak one
 *     with AWS's message), MFA enrolment offered on the home page, sign out everywhere ends the other
 *     browser's session.
 *  6. Layout: no horizontal overflow at 1280×800 or 375 wide with long names, keyboard navigation (skip link,
 *     tabs with arrow keys).
 * Every page visited is checked with axe-core (no serious or critical violation). Screenshots go to
 * test-output/screenshots/3x-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreateLoginProfileCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetAccountPasswordPolicyCommand,
  GetUserCommand,
  GetGroupCommand,
  GetLoginProfileCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListAccountAliasesCommand,
  ListAttachedUserPoliciesCommand,
  ListMFADevicesCommand,
  ListOpenIDConnectProvidersCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import {
  CreateBucketCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { sdkConfig } from '../helpers/clients.js';
import { axeCheck, Browsers, requireChromiumAndAxe } from '../helpers/chromium.js';
import { adminWithKey, enabledMfaDevice, startIamServer, userWithKey } from '../helpers/iam.js';
import { repoRoot, tesseraBin, type TestServer } from '../helpers/server.js';
import { runDetached, sandbox, type Sandbox } from './client-helpers.js';

const SHOTS = join(repoRoot, 'test-output', 'screenshots');
const PASSWORD = 'Admin-Console-Pa55word!';
const LONG = 'a-very-long-name-that-keeps-going-and-going-without-any-spaces-at-all-0123456789';
const LONG_BUCKET = `${LONG.slice(0, 62)}z`;

let server: TestServer;
let iam: IAMClient;
let s3: S3Client;
let sb: Sandbox;
const browsers = new Browsers();

before(async () => {
  requireChromiumAndAxe();
  mkdirSync(SHOTS, { recursive: true });
  ({ server, iam } = await startIamServer({ args: ['--log', 'off'] }));
  s3 = new S3Client({ ...sdkConfig(server), forcePathStyle: true });
  await adminWithKey(iam, 'console-admin');
  await iam.send(new CreateLoginProfileCommand({ UserName: 'console-admin', Password: PASSWORD }));
  sb = sandbox();
});

after(async () => {
  await browsers.closeAll();
  await server?.stop();
  sb?.remove();
});

const browser = (viewport?: { width: number; height: number }) => browsers.open(viewport);

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function signIn(page: Page, userName: string, password: string) {
  await page.goto(`${server.consoleUrl}/_console/signin`);
  await page.fill('#account', server.accountId);
  await page.fill('#userName', userName);
  await page.fill('#password', password);
  await page.click('#submit');
}

async function signedIn(page: Page, userName: string, password = PASSWORD) {
  await signIn(page, userName, password);
  await page.getByTestId('arn').filter({ hasText: `arn:aws:iam::${server.accountId}:user/${userName}` }).waitFor();
}

const ok = (page: Page, text: string | RegExp) => page.locator('.alert.ok', { hasText: text }).waitFor();
const shownError = async (page: Page, code: string) => {
  const box = page.getByTestId('error').filter({ hasText: code }).first();
  await box.waitFor();
  return (await box.textContent())!;
};
const go = async (page: Page, hash: string, heading: string | RegExp) => {
  await page.goto(`${server.consoleUrl}/_console/${hash}`);
  await page.locator('h1', { hasText: heading }).first().waitFor();
};
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();
const gone = async (p: Promise<unknown>) => assert.ok(await p.then(() => false, (e) => e instanceof NoSuchEntityException || (e as Error).name === 'NoSuchEntity' || (e as Error).name === 'NotFound'));

test('a federated user (GetFederationToken) sees S3 work and, on IAM pages and the simulator, why its credentials cannot call IAM', async () => {
  const keys = await userWithKey(iam, 'fed-alice', [{ Effect: 'Allow', Action: ['s3:*', 'iam:*', 'sts:GetFederationToken'], Resource: '*' }]);
  await s3.send(new CreateBucketCommand({ Bucket: 'fed-visible' }));
  sb.config(`[profile fed]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\nendpoint_url = ${server.url}\nregion = us-east-1\n`);
  const r = await runDetached(process.execPath, [tesseraBin, 'console', '--profile', 'fed', '--print'], sb.env);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /GetFederationToken first/);

  const { page } = await browser();
  await page.goto(r.stdout.trim());
  await page.getByTestId('arn').filter({ hasText: `arn:aws:sts::${server.accountId}:federated-user/fed-alice` }).waitFor();
  await axeCheck(page, 'federated home');
  await shot(page, '30-federated-home');

  await page.click('a[data-nav="s3"]');
  await page.getByTestId('bucket').filter({ hasText: 'fed-visible' }).waitFor();

  for (const [nav, what] of [['users', 'User administration'], ['roles', 'Role administration'], ['policies', 'Policy administration'], ['simulator', 'The policy simulator']] as const) {
    await page.click(`a[data-nav="${nav}"]`);
    const note = page.getByTestId('unavailable');
    await note.filter({ hasText: what }).waitFor();
    const shown = (await note.textContent())!;
    assert.match(shown, /sts:GetFederationToken/);
    assert.match(shown, /does not let such credentials call any IAM operation/);
    assert.match(shown, /S3 works/);
    assert.doesNotMatch(await page.locator('#main').innerText(), /security token included in the request is invalid/);
  }
  await axeCheck(page, 'federated simulator');
  await shot(page, '31-federated-iam-explained');

  // The same call made anyway (the console API, as the page would) is AWS's answer, with the explanation
  // the page adds to it.
  const raw = await page.evaluate(async () => {
    const csrf = document.querySelector<HTMLMetaElement>('meta[name="tessera-csrf"]')!.content;
    const res = await fetch('/_console/api/query', { method: 'POST', headers: { 'x-tessera-console': '1', 'x-tessera-csrf': csrf, 'content-type': 'application/json' }, body: JSON.stringify({ service: 'iam', params: { Action: 'ListUsers' } }) });
    return { status: res.status, body: await res.text() };
  });
  assert.equal(raw.status, 403);
  assert.match(raw.body, /<Code>InvalidClientTokenId<\/Code>/);
});

test('an administrator administers IAM users, groups, MFA devices and keys; lists go past one page', async () => {
  // 120 users: the list's first page is 100 (IsTruncated), "Load more" brings the rest.
  await Promise.all(Array.from({ length: 120 }, (_, i) => iam.send(new CreateUserCommand({ UserName: `bulk-${String(i).padStart(3, '0')}` }))));
  await iam.send(new CreateUserCommand({ UserName: 'mfa-holder' }));
  const { serial } = await enabledMfaDevice(iam, 'mfa-holder', 'mfa-holder-device');
  const { page } = await browser();
  await signedIn(page, 'console-admin');

  await page.click('a[data-nav="users"]');
  await page.getByTestId('more-count').filter({ hasText: '100 shown, more available' }).waitFor();
  await page.getByTestId('more').click();
  await page.getByTestId('more-count').filter({ hasText: /^12\d shown$/ }).waitFor();
  const total = (await iam.send(new ListUsersCommand({ MaxItems: 1000 }))).Users!.length;
  assert.equal(await page.locator('table tbody tr').count(), total);
  await axeCheck(page, 'users');

  // Create a user, then give it everything from its page.
  await page.fill('#new-user', 'made-in-console');
  await page.getByRole('button', { name: 'Create user' }).click();
  await ok(page, 'Created user made-in-console.');
  await go(page, '#/iam/groups', 'Groups');
  await page.fill('#new-group', 'console-team');
  await page.getByRole('button', { name: 'Create group' }).click();
  await ok(page, 'Created group console-team.');

  await go(page, '#/iam/users/made-in-console', 'made-in-console');
  await page.fill('#attach-arn', 'arn:aws:iam::aws:policy/ReadOnlyAccess');
  await page.getByRole('button', { name: 'Attach policy' }).click();
  await ok(page, 'Attached arn:aws:iam::aws:policy/ReadOnlyAccess.');
  await tab(page, 'Groups');
  await page.fill('#add-group', 'console-team');
  await page.getByRole('button', { name: 'Add to group' }).click();
  await ok(page, 'Added made-in-console to console-team.');
  await tab(page, 'Tags');
  await page.fill('#tag-key', 'team');
  await page.fill('#tag-value', 'platform');
  await page.getByRole('button', { name: 'Add tag' }).click();
  await ok(page, 'Tagged team.');
  await tab(page, 'Security credentials');
  await page.getByRole('button', { name: 'Create access key' }).click();
  await ok(page, 'New access key');
  const keyId = (await page.getByTestId('new-key-id').textContent())!;
  await tab(page, 'Security credentials');
  await page.fill('#login-password', 'Made-In-Console-1!');
  await page.getByRole('button', { name: 'Enable console access' }).click();
  await ok(page, 'Console access enabled.');
  await axeCheck(page, 'user page');
  await shot(page, '32-user-administered');

  const attached = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: 'made-in-console' }));
  assert.deepEqual(attached.AttachedPolicies?.map((p) => p.PolicyArn), ['arn:aws:iam::aws:policy/ReadOnlyAccess']);
  assert.deepEqual((await iam.send(new GetGroupCommand({ GroupName: 'console-team' }))).Users?.map((u) => u.UserName), ['made-in-console']);
  assert.deepEqual((await iam.send(new ListUserTagsCommand({ UserName: 'made-in-console' }))).Tags, [{ Key: 'team', Value: 'platform' }]);
  assert.deepEqual((await iam.send(new ListAccessKeysCommand({ UserName: 'made-in-console' }))).AccessKeyMetadata?.map((k) => [k.AccessKeyId, k.Status]), [[keyId, 'Active']]);
  assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'made-in-console' }))).LoginProfile?.PasswordResetRequired, true);

  // Deleting a user that still has attachments: IAM's DeleteConflict, as IAM words it; the user stays.
  await page.getByRole('button', { name: 'Delete user' }).click();
  const conflict = await shownError(page, 'DeleteConflict');
  assert.match(conflict, /DeleteConflict/);
  await iam.send(new GetUserCommand({ UserName: 'made-in-console' }));

  // The MFA device of another user is listed on its page, and deactivated from there.
  await go(page, '#/iam/users/mfa-holder', 'mfa-holder');
  await tab(page, 'Security credentials');
  await page.getByTestId('mfa-serial').filter({ hasText: serial }).waitFor();
  await page.getByRole('button', { name: 'Deactivate' }).last().click();
  await ok(page, `Deactivated ${serial}.`);
  assert.deepEqual((await iam.send(new ListMFADevicesCommand({ UserName: 'mfa-holder' }))).MFADevices, []);

  // A bare user is deleted from its page.
  await iam.send(new CreateUserCommand({ UserName: 'short-lived' }));
  await go(page, '#/iam/users/short-lived', 'short-lived');
  await page.getByRole('button', { name: 'Delete user' }).click();
  await page.locator('h1', { hasText: 'Users' }).waitFor();
  await gone(iam.send(new GetUserCommand({ UserName: 'short-lived' })));
});

test('roles: trust policy editor (AWS\'s validation message, then saved), max session duration, boundary, revoke active sessions', async () => {
  await iam.send(new CreateRoleCommand({ RoleName: 'console-role', AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:root` }, Action: 'sts:AssumeRole' }] }) }));
  const { page } = await browser();
  await signedIn(page, 'console-admin');
  await go(page, '#/iam/roles/console-role', 'console-role');
  await page.locator('#trust-policy').waitFor();

  // Not JSON: said at once, nothing sent.
  await page.fill('#trust-policy', '{ "Version": ');
  await page.locator('#trust-policy-note', { hasText: 'Not valid JSON' }).waitFor();
  // JSON, but not a trust policy IAM accepts: IAM's own message.
  await page.fill('#trust-policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] }));
  await page.click('#save-trust');
  const malformed = await shownError(page, 'MalformedPolicyDocument');
  assert.match(malformed, /MalformedPolicyDocument/);
  await tab(page, 'Trust relationships');
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
  await page.fill('#trust-policy', JSON.stringify(trust, null, 2));
  await page.click('#save-trust');
  await ok(page, 'Trust policy updated.');
  await axeCheck(page, 'role page');
  await shot(page, '33-role-trust-policy');
  const stored = (await iam.send(new GetRoleCommand({ RoleName: 'console-role' }))).Role!;
  assert.deepEqual(JSON.parse(decodeURIComponent(stored.AssumeRolePolicyDocument!)), trust);

  await tab(page, 'Settings');
  await page.fill('#max-session', '7200');
  await page.click('#save-role');
  await ok(page, 'Role updated.');
  await page.getByTestId('max-session').filter({ hasText: '7200 s' }).waitFor();
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'console-role' }))).Role?.MaxSessionDuration, 7200);
  await tab(page, 'Settings');
  await page.fill('#role-boundary', 'arn:aws:iam::aws:policy/PowerUserAccess');
  await page.getByRole('button', { name: 'Set boundary' }).click();
  await ok(page, 'Boundary set.');
  assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'console-role' }))).Role?.PermissionsBoundary?.PermissionsBoundaryArn, 'arn:aws:iam::aws:policy/PowerUserAccess');

  const before = Date.now();
  await tab(page, 'Revoke sessions');
  await page.click('#revoke-sessions');
  await ok(page, 'AWSRevokeOlderSessions');
  const revoke = await iam.send(new GetRolePolicyCommand({ RoleName: 'console-role', PolicyName: 'AWSRevokeOlderSessions' }));
  const statement = JSON.parse(decodeURIComponent(revoke.PolicyDocument!)).Statement[0];
  assert.equal(statement.Effect, 'Deny');
  assert.deepEqual(statement.Action, ['*']);
  const cutoff = Date.parse(statement.Condition.DateLessThan['aws:TokenIssueTime']);
  assert.ok(cutoff >= before - 1000 && cutoff <= Date.now() + 1000, `cut-off ${statement.Condition.DateLessThan['aws:TokenIssueTime']}`);
});

test('policies: JSON editor with IAM\'s validation, versions, set default; identity providers; account alias and password policy', async () => {
  const { page } = await browser();
  await signedIn(page, 'console-admin');
  await go(page, '#/iam/policies', 'Policies');
  await page.locator('summary', { hasText: 'Create policy' }).click();
  await page.fill('#new-policy', 'console-made');
  await page.fill('#new-policy-doc', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] }));
  await page.click('#create-policy');
  const missing = await shownError(page, 'MalformedPolicyDocument');
  assert.match(missing, /Policy statement must contain resources\./);
  await page.locator('summary', { hasText: 'Create policy' }).click();
  await page.fill('#new-policy', 'console-made');
  await page.fill('#new-policy-doc', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::v1/*' }] }));
  await page.click('#create-policy');
  const arn = `arn:aws:iam::${server.accountId}:policy/console-made`;
  await ok(page, `Created policy ${arn}.`);

  await go(page, `#/iam/policies/${encodeURIComponent(arn)}`, 'console-made');
  await page.fill('#policy-doc', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::v2/*' }] }, null, 2));
  await page.click('#save-policy');
  await ok(page, 'New version saved.');
  await page.getByTestId('default-version').filter({ hasText: 'v2' }).waitFor();
  await page.getByTestId('default-v1').click();
  await ok(page, 'v1 is now the default version.');
  await axeCheck(page, 'policy page');
  await shot(page, '34-policy-versions');
  assert.equal((await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy?.DefaultVersionId, 'v1');
  const v2 = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' }));
  assert.equal(JSON.parse(decodeURIComponent(v2.PolicyVersion!.Document!)).Statement[0].Resource, 'arn:aws:s3:::v2/*');

  await go(page, '#/iam/providers', 'Identity providers');
  await page.locator('summary', { hasText: 'Add an OpenID Connect provider' }).click();
  await page.fill('#oidc-url', 'https://issuer.console.example');
  await page.fill('#oidc-audience', 'console-client');
  await page.getByRole('button', { name: 'Add provider' }).first().click();
  await ok(page, 'Provider added.');
  const oidcArn = `arn:aws:iam::${server.accountId}:oidc-provider/issuer.console.example`;
  await page.locator('table td code', { hasText: oidcArn }).waitFor();
  await axeCheck(page, 'identity providers');
  assert.deepEqual((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList?.map((p) => p.Arn), [oidcArn]);

  await go(page, '#/iam/account', 'Account settings');
  await page.fill('#account-alias', 'console-corp');
  await page.getByRole('button', { name: 'Set alias' }).click();
  await ok(page, 'Alias set.');
  await page.fill('#pp-MinimumPasswordLength', '14');
  await page.check('#pp-RequireSymbols');
  await page.check('#pp-AllowUsersToChangePassword');
  await page.click('#save-password-policy');
  await ok(page, 'Password policy saved.');
  await page.getByTestId('password-policy-state').filter({ hasText: 'A custom password policy applies.' }).waitFor();
  await axeCheck(page, 'account settings');
  await shot(page, '35-account-settings');
  assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['console-corp']);
  const pp = (await iam.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
  assert.equal(pp.MinimumPasswordLength, 14);
  assert.equal(pp.RequireSymbols, true);
  assert.equal(pp.AllowUsersToChangePassword, true);
});

test('S3: bucket policy editor, versioning, encryption, tags, public access block, CORS, upload with progress, folders, paging; the simulator with a resource policy', async () => {
  const { page } = await browser();
  await signedIn(page, 'console-admin');
  await page.click('a[data-nav="s3"]');
  await page.fill('#new-bucket', 'console-admin-bucket');
  await page.getByRole('button', { name: 'Create bucket' }).click();
  await ok(page, 'Created bucket console-admin-bucket.');
  await s3.send(new HeadBucketCommand({ Bucket: 'console-admin-bucket' }));
  const B = 'console-admin-bucket';

  await page.getByTestId('bucket').filter({ hasText: B }).click();
  // What the upload's progress line said along the way (the page replaces it once the upload is done).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      const t = document.getElementById('upload-status')?.textContent;
      if (t && seen[seen.length - 1] !== t) seen.push(t);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.locator('#upload-file').setInputFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(8 * 1024 * 1024, 7) });
  await page.click('#upload');
  await ok(page, 'Uploaded big.bin.');
  const progress = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  assert.equal(progress[0], 'big.bin: 0%');
  assert.ok(progress.includes('big.bin: 100% of 8.0 MB'), JSON.stringify(progress));
  assert.equal((await s3.send(new HeadObjectCommand({ Bucket: B, Key: 'big.bin' }))).ContentLength, 8 * 1024 * 1024);
  await page.fill('#new-folder', 'reports');
  await page.click('#create-folder');
  await ok(page, 'Created folder reports/.');
  await page.getByTestId('prefix').filter({ hasText: 'reports/' }).click();
  await page.locator('#upload-file').setInputFiles({ name: 'q1.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
  await page.click('#upload');
  await ok(page, 'Uploaded reports/q1.csv.');
  await page.getByRole('button', { name: 'Delete q1.csv' }).click();
  await ok(page, 'Deleted reports/q1.csv.');
  await gone(s3.send(new HeadObjectCommand({ Bucket: B, Key: 'reports/q1.csv' })));

  await page.goto(`${server.consoleUrl}/_console/#/s3/${B}/`);
  await tab(page, 'Permissions');
  await page.getByTestId('policy-state').filter({ hasText: 'No bucket policy.' }).waitFor();
  await page.fill('#bucket-policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::another-bucket/*' }] }));
  await page.click('#save-bucket-policy');
  const malformed = await shownError(page, 'MalformedPolicy');
  assert.match(malformed, /MalformedPolicy/);
  await tab(page, 'Permissions');
  const policy = { Version: '2012-10-17', Statement: [{ Sid: 'ReadReports', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/made-in-console` }, Action: 's3:GetObject', Resource: `arn:aws:s3:::${B}/reports/*` }] };
  await page.fill('#bucket-policy', JSON.stringify(policy, null, 2));
  await page.click('#save-bucket-policy');
  await ok(page, 'Bucket policy saved.');
  assert.deepEqual(JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket: B }))).Policy!), policy);
  await tab(page, 'Permissions');
  for (const k of ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets']) await page.check(`#pab-${k}`);
  await page.click('#save-pab');
  await ok(page, 'Public access block saved.');
  assert.deepEqual((await s3.send(new GetPublicAccessBlockCommand({ Bucket: B }))).PublicAccessBlockConfiguration, { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
  await tab(page, 'Permissions');
  await page.fill('#bucket-cors', JSON.stringify([{ AllowedMethods: ['GET'], AllowedOrigins: ['https://app.example'], MaxAgeSeconds: 600 }]));
  await page.click('#save-cors');
  await ok(page, 'CORS configuration saved.');
  const cors = (await s3.send(new GetBucketCorsCommand({ Bucket: B }))).CORSRules!;
  assert.deepEqual(cors.map((r) => [r.AllowedMethods, r.AllowedOrigins, r.MaxAgeSeconds]), [[['GET'], ['https://app.example'], 600]]);
  await tab(page, 'Permissions');
  await page.getByTestId('cors-state').filter({ hasText: 'CORS configured.' }).waitFor();
  await axeCheck(page, 'bucket permissions');
  await shot(page, '36-bucket-permissions');

  await tab(page, 'Properties');
  await page.click('#versioning-enable');
  await ok(page, 'Versioning enabled.');
  assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: B }))).Status, 'Enabled');
  await tab(page, 'Properties');
  await page.click('#encryption-sse-s3');
  await ok(page, 'Default encryption set to SSE-S3');
  const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: B }));
  assert.equal(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm, 'AES256');
  await tab(page, 'Properties');
  await page.fill('#bucket-tag-key', 'cost-center');
  await page.fill('#bucket-tag-value', '42');
  await page.click('#bucket-tag-add');
  await ok(page, 'Tagged cost-center.');
  assert.deepEqual((await s3.send(new GetBucketTaggingCommand({ Bucket: B }))).TagSet, [{ Key: 'cost-center', Value: '42' }]);
  await tab(page, 'Properties');
  await page.getByTestId('versioning').filter({ hasText: 'Enabled' }).waitFor();
  await axeCheck(page, 'bucket properties');
  await shot(page, '37-bucket-properties');

  // Objects past the first page of 1,000.
  const many = 'console-many';
  await s3.send(new CreateBucketCommand({ Bucket: many }));
  for (let i = 0; i < 1050; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => s3.send(new PutObjectCommand({ Bucket: many, Key: `o-${String(i + j).padStart(5, '0')}`, Body: 'x' }))));
  await page.goto(`${server.consoleUrl}/_console/#/s3/${many}/`);
  await page.getByTestId('more-count').filter({ hasText: '1000 shown, more available' }).waitFor();
  await page.getByTestId('more').click();
  await page.getByTestId('more-count').filter({ hasText: /^1050 shown$/ }).waitFor();
  assert.equal((await s3.send(new ListObjectsV2Command({ Bucket: many, StartAfter: 'o-01049' }))).KeyCount, 0);
  assert.equal(await page.getByTestId('object').last().textContent(), 'o-01049');

  // The simulator with the bucket's policy as the resource policy.
  await page.click('a[data-nav="simulator"]');
  await page.fill('#sim-principal', `arn:aws:iam::${server.accountId}:user/made-in-console`);
  await page.fill('#sim-actions', 's3:GetObject, s3:PutObject');
  await page.fill('#sim-resources', `arn:aws:s3:::${B}/reports/q2.csv`);
  await page.fill('#sim-resource-policy', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/made-in-console` }, Action: 's3:PutObject', Resource: `arn:aws:s3:::${B}/reports/*` }] }));
  await page.click('#sim-run');
  await page.getByTestId('decision').first().waitFor();
  assert.deepEqual(await page.getByTestId('decision').allTextContents(), ['allowed', 'allowed']);
  await axeCheck(page, 'simulator');
  await shot(page, '38-simulator-resource-policy');
});

test('a read-only user creating a user gets the explained AccessDenied, and nothing is created', async () => {
  await iam.send(new CreateUserCommand({ UserName: 'console-viewer' }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'console-viewer', PolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'console-viewer', Password: PASSWORD }));
  const { page } = await browser();
  await signedIn(page, 'console-viewer');
  await page.click('a[data-nav="users"]');
  await page.fill('#new-user', 'not-allowed');
  await page.getByRole('button', { name: 'Create user' }).click();
  const denied = await shownError(page, 'AccessDenied');
  assert.match(denied, new RegExp(`User: arn:aws:iam::${server.accountId}:user/console-viewer is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${server.accountId}:user/not-allowed because no identity-based policy allows the iam:CreateUser action`));
  await axeCheck(page, 'access denied');
  await shot(page, '39-access-denied-explained');
  await gone(iam.send(new GetUserCommand({ UserName: 'not-allowed' })));
});

test('sign-in: PasswordResetRequired forces a new password under the account policy; MFA enrolment offered; sign out everywhere', async () => {
  await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, RequireSymbols: true, AllowUsersToChangePassword: true }));
  await userWithKey(iam, 'newcomer', [{ Effect: 'Allow', Action: 'iam:ChangePassword', Resource: `arn:aws:iam::${server.accountId}:user/newcomer` }]);
  await iam.send(new CreateLoginProfileCommand({ UserName: 'newcomer', Password: 'Temporary-Pa55word!', PasswordResetRequired: true }));
  const { page, context } = await browser();
  await signIn(page, 'newcomer', 'Temporary-Pa55word!');
  await page.locator('#error', { hasText: 'You must change your password to continue' }).waitFor();
  await page.locator('#newPassword').waitFor({ state: 'visible' });
  assert.deepEqual(await context.cookies(), []);
  await axeCheck(page, 'sign-in: new password');
  await shot(page, '40-signin-password-reset');

  await page.fill('#newPassword', 'short1!');
  await page.fill('#confirmPassword', 'short1!');
  await page.click('#submit');
  await page.locator('#error', { hasText: 'PasswordPolicyViolation' }).waitFor();
  assert.equal(await page.locator('#error').textContent(), 'PasswordPolicyViolation: Password does not conform to the account password policy.');
  assert.deepEqual(await context.cookies(), []);
  assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'newcomer' }))).LoginProfile?.PasswordResetRequired, true);

  await page.fill('#newPassword', 'A-Much-Better-Pa55word!');
  await page.fill('#confirmPassword', 'A-Much-Better-Pa55word!');
  await page.click('#submit');
  await page.getByTestId('arn').filter({ hasText: `arn:aws:iam::${server.accountId}:user/newcomer` }).waitFor();
  assert.equal((await iam.send(new GetLoginProfileCommand({ UserName: 'newcomer' }))).LoginProfile?.PasswordResetRequired, false);
  // No MFA device: the home page offers the enrolment.
  await page.getByTestId('mfa-prompt').waitFor();
  await shot(page, '41-signin-after-reset-mfa-prompt');

  // The old password is gone; the new one signs in, in a second browser.
  const second = await browser();
  await signIn(second.page, 'newcomer', 'Temporary-Pa55word!');
  await second.page.locator('#error', { hasText: 'incorrect' }).waitFor();
  await signedIn(second.page, 'newcomer', 'A-Much-Better-Pa55word!');

  // Sign out everywhere (from the first browser) ends the second browser's session too.
  await page.click('#logout-all');
  await page.waitForURL(/\/_console\/signin\?loggedout=1$/);
  await second.page.click('a[data-nav="s3"]');
  await second.page.waitForURL(/\/_console\/signin/);
  await second.page.goto(`${server.consoleUrl}/_console/`);
  assert.equal(new URL(second.page.url()).pathname, '/_console/signin');
});

test('layout: readable at 1280×800 and 375 wide with long names, no horizontal overflow; keyboard navigation', async () => {
  await iam.send(new CreateUserCommand({ UserName: LONG.slice(0, 64) }));
  await s3.send(new CreateBucketCommand({ Bucket: LONG_BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: LONG_BUCKET, Key: `${LONG}/${LONG}/${LONG}.txt`, Body: 'x' }));
  for (const [w, h, label] of [[1280, 800, 'desktop'], [375, 812, 'phone']] as const) {
    const { page } = await browser({ width: w, height: h });
    await signedIn(page, 'console-admin');
    for (const [hash, heading, name] of [
      ['#/iam/users', 'Users', 'users'],
      [`#/iam/users/${LONG.slice(0, 64)}`, LONG.slice(0, 64), 'user'],
      ['#/s3', 'S3 buckets', 'buckets'],
      [`#/s3/${LONG_BUCKET}/${encodeURIComponent(`${LONG}/${LONG}/`)}`, LONG_BUCKET, 'objects'],
    ] as const) {
      await go(page, hash, heading);
      await page.locator('table, .panel').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${label} ${name}: the page is ${overflow}px wider than the window`);
      await shot(page, `42-layout-${label}-${name}`);
    }
    await axeCheck(page, `layout ${label}`);
    if (label === 'phone') {
      // The navigation folds into a menu button on a phone.
      assert.equal(await page.locator('#nav').isVisible(), false);
      await page.click('#menu');
      await page.locator('#nav a[data-nav="roles"]').click();
      await page.locator('h1', { hasText: 'Roles' }).waitFor();
    } else {
      // Keyboard: the first Tab reaches the skip link, which moves focus to the content.
      await page.goto(`${server.consoleUrl}/_console/#/s3/${LONG_BUCKET}/`);
      await page.reload();
      await page.locator('h1').first().waitFor();
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
      // Tabs follow the ARIA pattern: arrow keys move between them.
      await page.getByRole('tab', { name: 'Objects' }).focus();
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Properties');
      await page.getByTestId('versioning').waitFor();
    }
  }
});

