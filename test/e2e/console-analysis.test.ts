/**
 * The console's analyses, in headless Chromium against a real server; every call the page makes is a signed
 * request with the session's own credentials (access-analyzer:ValidatePolicy, Tessera's who-can and
 * escalation paths):
 *  1. The policy editors (managed policy, inline policy, trust policy, bucket policy) list ValidatePolicy's
 *     findings of the document being edited: type, issue code, details and the line/column of its location
 *     (an iam:PassRole on "*" → PASS_ROLE_WITH_STAR_IN_RESOURCE at the "*"; no Version → MISSING_VERSION).
 *  2. "Who can reach it": who may s3:GetObject an object lists the users and roles allowed (alice; the role
 *     with carol as its assumer) and not the others (bob, dave denied); a principal's escalation paths show
 *     the exact calls.
 *  3. A read-only session sees the explained AccessDenied in place of findings and of the who-can answer.
 * axe-core checks each page (no serious or critical violation); screenshots in test-output/screenshots/5x-*.png.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { CreateLoginProfileCommand, CreatePolicyCommand, CreateRoleCommand, CreateUserCommand, type IAMClient, PutRolePolicyCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Page } from 'playwright-core';
import { sdkConfig } from '../helpers/clients.js';
import { axeCheck, Browsers, requireChromiumAndAxe } from '../helpers/chromium.js';
import { adminWithKey, startIamServer, userWithKey } from '../helpers/iam.js';
import { repoRoot, type TestServer } from '../helpers/server.js';

const SHOTS = join(repoRoot, 'test-output', 'screenshots');
const PASSWORD = 'Analysis-Console-Pa55word!';
const OBJECT = 'arn:aws:s3:::data/report.csv';

let server: TestServer;
let iam: IAMClient;
const browsers = new Browsers();

before(async () => {
  requireChromiumAndAxe();
  mkdirSync(SHOTS, { recursive: true });
  ({ server, iam } = await startIamServer({ args: ['--log', 'off'] }));
  const acct = server.accountId;
  await new S3Client({ ...sdkConfig(server), forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: 'data' }));
  await adminWithKey(iam, 'analyst');
  await iam.send(new CreateLoginProfileCommand({ UserName: 'analyst', Password: PASSWORD }));
  await userWithKey(iam, 'alice', [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]);
  await userWithKey(iam, 'bob');
  await userWithKey(iam, 'carol');
  await userWithKey(iam, 'dave', [
    { Effect: 'Allow', Action: 's3:*', Resource: '*' },
    { Effect: 'Deny', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' },
  ]);
  await userWithKey(iam, 'eve', [{ Effect: 'Allow', Action: 'iam:PutUserPolicy', Resource: `arn:aws:iam::${acct}:user/eve` }]);
  const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:user/carol` }, Action: 'sts:AssumeRole' }] };
  await iam.send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: JSON.stringify(trust) }));
  await iam.send(new PutRolePolicyCommand({ RoleName: 'reader', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] }) }));
  await iam.send(new CreatePolicyCommand({ PolicyName: 'deployer', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::data' }] }) }));
  // A read-only session: it may read IAM users and policies, and nothing else (no ValidatePolicy, no
  // GetAccountAuthorizationDetails, which who-can needs).
  await iam.send(new CreateUserCommand({ UserName: 'viewer' }));
  await iam.send(new PutUserPolicyCommand({ UserName: 'viewer', PolicyName: 'read', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:ListUsers', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:ListPolicyVersions', 'iam:ListPolicies'], Resource: '*' }] }) }));
  await iam.send(new CreateLoginProfileCommand({ UserName: 'viewer', Password: PASSWORD }));
});

after(async () => {
  await browsers.closeAll();
  await server?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function signedIn(page: Page, userName: string) {
  await page.goto(`${server.consoleUrl}/_console/signin`);
  await page.fill('#account', server.accountId);
  await page.fill('#userName', userName);
  await page.fill('#password', PASSWORD);
  await page.click('#submit');
  await page.getByTestId('arn').filter({ hasText: `arn:aws:iam::${server.accountId}:user/${userName}` }).waitFor();
}

const go = async (page: Page, hash: string, heading: string | RegExp) => {
  await page.goto(`${server.consoleUrl}/_console/${hash}`);
  await page.locator('h1', { hasText: heading }).first().waitFor();
};

/** The findings rows shown under an editor once its check is done: [type, code, details, location]. */
async function findingsOf(page: Page, editorId: string, code: string): Promise<string[][]> {
  const box = page.locator(`#${editorId}-findings`);
  await box.getByTestId('finding-code').filter({ hasText: code }).first().waitFor();
  return box.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

/** Types a document into an editor (pretty-printed, as the editors show them) and waits for its finding. */
async function edit(page: Page, editorId: string, doc: object, code: string) {
  const textDoc = JSON.stringify(doc, null, 2);
  await page.fill(`#${editorId}`, textDoc);
  return { rows: await findingsOf(page, editorId, code), lines: textDoc.split('\n') };
}

const PASS_ROLE_STAR = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }] };
const NO_VERSION = { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] };

test('policy editors show ValidatePolicy findings: type, issue code, details, line and column', async () => {
  const { page } = await browsers.open();
  await signedIn(page, 'analyst');
  const arn = `arn:aws:iam::${server.accountId}:policy/deployer`;

  // Managed policy: the stored document has no finding; PassRole on "*" is a security warning at the "*".
  await go(page, `#/iam/policies/${encodeURIComponent(arn)}`, 'deployer');
  await page.locator('#policy-doc-findings').getByTestId('no-findings').waitFor();
  const { rows, lines } = await edit(page, 'policy-doc', PASS_ROLE_STAR, 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
  assert.equal(rows.length, 1, JSON.stringify(rows));
  const [type, code, details, where] = rows[0]!;
  assert.equal(type, 'SECURITY_WARNING');
  assert.equal(code, 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
  assert.match(details!, /Using the iam:PassRole action with wildcards \(\*\) in the resource can be overly permissive/);
  const line = lines.findIndex((l) => l.includes('"Resource": "*"'));
  assert.equal(line + 1, 7);
  assert.equal(where, `line ${line + 1}, column ${lines[line]!.indexOf('"*"')} (Statement.[0].Resource)`);
  await axeCheck(page, 'managed policy findings');
  await shot(page, '50-policy-findings');

  // Inline policy of a user: no Version is a warning at the document's start.
  await go(page, '#/iam/users/alice', 'alice');
  const inline = await edit(page, 'inline-policy', NO_VERSION, 'MISSING_VERSION');
  assert.deepEqual(inline.rows.map((r) => [r[0], r[1], r[3]]), [['WARNING', 'MISSING_VERSION', 'line 1, column 0']]);

  // Trust policy: PassRole is not a trust policy's action, Resource has no place in one.
  await go(page, '#/iam/roles/reader', 'reader');
  await page.getByRole('tab', { name: 'Trust relationships', exact: true }).click();
  const trust = await edit(page, 'trust-policy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${server.accountId}:user/carol` }, Action: 'sts:AssumeRole', Resource: '*' }] }, 'UNSUPPORTED_ELEMENT_COMBINATION');
  const resLine = trust.lines.findIndex((l) => l.includes('"Resource"'));
  const unsupported = trust.rows.find((r) => r[1] === 'UNSUPPORTED_ELEMENT_COMBINATION')!;
  assert.equal(unsupported[0], 'ERROR');
  assert.match(unsupported[3]!, new RegExp(`^line ${resLine + 1}, column ${trust.lines[resLine]!.indexOf('"Resource"')} `));

  // Bucket policy: a bucket policy needs a Principal.
  await go(page, '#/s3/data', 'data');
  await page.getByRole('tab', { name: 'Permissions', exact: true }).click();
  const bucket = await edit(page, 'bucket-policy', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }] }, 'MISSING_PRINCIPAL');
  assert.equal(bucket.rows.find((r) => r[1] === 'MISSING_PRINCIPAL')![0], 'ERROR');
  await axeCheck(page, 'bucket policy findings');
});

test('who can reach it: the principals allowed (with how, MFA and assumers), not the others; escalation paths with the exact calls', async () => {
  const acct = server.accountId;
  const { page } = await browsers.open();
  await signedIn(page, 'analyst');
  await page.click('a[data-nav="who-can"]');
  await page.locator('h1', { hasText: 'Who can reach it' }).waitFor();
  await axeCheck(page, 'who-can form');
  await page.fill('#who-action', 's3:GetObject');
  await page.fill('#who-resource', OBJECT);
  await page.click('#who-run');
  await page.locator('#who-results table').waitFor();
  const principals = await page.getByTestId('who-principal').allTextContents();
  assert.ok(principals.includes(`arn:aws:iam::${acct}:user/alice`), principals.join(', '));
  assert.ok(principals.includes(`arn:aws:iam::${acct}:role/reader`), principals.join(', '));
  for (const no of ['bob', 'carol', 'dave', 'eve', 'viewer']) assert.ok(!principals.includes(`arn:aws:iam::${acct}:user/${no}`), `${no} listed: ${principals.join(', ')}`);
  const rowOf = (arn: string) => page.locator('#who-results tbody tr', { has: page.getByTestId('who-principal').filter({ hasText: new RegExp(`^${arn}$`) }) });
  const alice = rowOf(`arn:aws:iam::${acct}:user/alice`);
  assert.equal(await alice.getByTestId('mfa-required').textContent(), 'no');
  assert.match((await alice.getByTestId('allowed-by').allTextContents()).join(' '), /inline/i);
  const reader = rowOf(`arn:aws:iam::${acct}:role/reader`);
  assert.deepEqual((await reader.getByTestId('assumer').allTextContents()).map((t) => t.split(' ')[0]), [`arn:aws:iam::${acct}:user/carol`]);
  await axeCheck(page, 'who-can answer');
  await shot(page, '51-who-can');

  // Escalation paths: eve may rewrite her own inline policy.
  await page.fill('#esc-principal', `arn:aws:iam::${acct}:user/eve`);
  await page.click('#esc-run');
  await page.getByTestId('path-via').first().waitFor();
  assert.ok((await page.getByTestId('path-via').allTextContents()).includes('iam:PutUserPolicy'));
  const calls = await page.getByTestId('path-call').allTextContents();
  assert.ok(calls.includes(`aws iam put-user-policy --user-name 'eve' --policy-name escalate --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'`), calls.join('\n'));
  await axeCheck(page, 'escalation paths');
  await shot(page, '52-escalation-paths');
  // A principal with no path: none shown.
  await page.fill('#esc-principal', `arn:aws:iam::${acct}:user/bob`);
  await page.click('#esc-run');
  await page.locator('#escalation-results', { hasText: 'No way to become administrator.' }).waitFor();
});

test('a read-only session sees the explained AccessDenied in place of findings and of the who-can answer', async () => {
  const acct = server.accountId;
  const { page } = await browsers.open();
  await signedIn(page, 'viewer');
  await go(page, `#/iam/policies/${encodeURIComponent(`arn:aws:iam::${acct}:policy/deployer`)}`, 'deployer');
  const denied = page.locator('#policy-doc-findings').getByTestId('error');
  await denied.waitFor();
  assert.match((await denied.textContent())!, new RegExp(`^AccessDeniedException.*User: arn:aws:iam::${acct}:user/viewer is not authorized to perform: access-analyzer:ValidatePolicy .*because no identity-based policy allows the access-analyzer:ValidatePolicy action`));
  assert.equal(await page.locator('#policy-doc-findings').getByTestId('finding-code').count(), 0);
  await axeCheck(page, 'findings denied');

  await go(page, '#/analysis/who-can', 'Who can reach it');
  await page.fill('#who-action', 's3:GetObject');
  await page.fill('#who-resource', OBJECT);
  await page.click('#who-run');
  const whoDenied = page.locator('#who-results').getByTestId('error');
  await whoDenied.waitFor();
  assert.match((await whoDenied.textContent())!, new RegExp(`^AccessDeniedException.*User: arn:aws:iam::${acct}:user/viewer is not authorized to perform: iam:GetAccountAuthorizationDetails .*because no identity-based policy allows the iam:GetAccountAuthorizationDetails action`));
  assert.equal(await page.getByTestId('who-principal').count(), 0);
  await axeCheck(page, 'who-can denied');
  await shot(page, '53-analysis-denied');
});
