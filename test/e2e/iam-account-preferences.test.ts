/**
 * SetSecurityTokenServicePreferences (seen in GetAccountSummary, with the instance profile and server
 * certificate counts) and the Organizations-dependent operations, answered as AWS answers an account that is
 * in no organization. AWS SDK for JavaScript v3, boto3 and the aws CLI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateInstanceProfileCommand,
  DisableOrganizationsRootCredentialsManagementCommand,
  DisableOrganizationsRootSessionsCommand,
  EnableOrganizationsRootCredentialsManagementCommand,
  EnableOrganizationsRootSessionsCommand,
  GetAccountSummaryCommand,
  IAMClient,
  ListOrganizationsFeaturesCommand,
  SetSecurityTokenServicePreferencesCommand,
  UploadServerCertificateCommand,
  type GlobalEndpointTokenVersion,
} from '@aws-sdk/client-iam';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { rejects } from '../helpers/aws-errors.js';
import { selfSigned } from '../helpers/x509.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

const summary = async () => (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;

describe('STS preferences and the account summary', () => {
  test('GlobalEndpointTokenVersion: 1 by default, 2 after v2Token, 1 again after v1Token; a bad value changes nothing', async () => {
    assert.equal((await summary()).GlobalEndpointTokenVersion, 1);
    await iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    assert.equal((await summary()).GlobalEndpointTokenVersion, 2);
    await rejects(iam.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v3Token' as GlobalEndpointTokenVersion })), 'ValidationError', 400);
    assert.equal((await summary()).GlobalEndpointTokenVersion, 2);
    const cli = awsCli(server, ['iam', 'set-security-token-service-preferences', '--global-endpoint-token-version', 'v1Token', '--endpoint-url', server.url]);
    assert.equal(cli.status, 0, cli.stderr);
    assert.equal((await summary()).GlobalEndpointTokenVersion, 1);
  });

  test('InstanceProfiles and ServerCertificates count what the account has', async () => {
    const before = await summary();
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'counted' }));
    const c = selfSigned('counted.example.com');
    await iam.send(new UploadServerCertificateCommand({ ServerCertificateName: 'counted', CertificateBody: c.cert, PrivateKey: c.key }));
    const after = await summary();
    assert.equal(after.InstanceProfiles, before.InstanceProfiles! + 1);
    assert.equal(after.ServerCertificates, before.ServerCertificates! + 1);
    assert.equal(after.InstanceProfilesQuota, 1000);
    assert.equal(after.ServerCertificatesQuota, 20);
  });

  test('AccessDenied pair: iam:SetSecurityTokenServicePreferences', async () => {
    const none = new IAMClient(sdkConfig(server, await userWithKey(iam, 'prefs-none', [{ Effect: 'Allow', Action: 'iam:GetAccountSummary', Resource: '*' }])));
    await rejects(none.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' })), 'AccessDenied', 403);
    const some = new IAMClient(sdkConfig(server, await userWithKey(iam, 'prefs-some', [{ Effect: 'Allow', Action: 'iam:SetSecurityTokenServicePreferences', Resource: '*' }])));
    await some.send(new SetSecurityTokenServicePreferencesCommand({ GlobalEndpointTokenVersion: 'v2Token' }));
    assert.equal((await summary()).GlobalEndpointTokenVersion, 2);
  });
});

describe('Organizations-dependent operations (an account in no organization)', () => {
  test('each answers OrganizationNotFoundException (400)', async () => {
    const message = 'The request was rejected because no organization is associated with your account.';
    await rejects(iam.send(new ListOrganizationsFeaturesCommand({})), 'OrganizationNotFoundException', 400, message);
    await rejects(iam.send(new EnableOrganizationsRootCredentialsManagementCommand({})), 'OrganizationNotFoundException', 400, message);
    await rejects(iam.send(new DisableOrganizationsRootCredentialsManagementCommand({})), 'OrganizationNotFoundException', 400, message);
    await rejects(iam.send(new EnableOrganizationsRootSessionsCommand({})), 'OrganizationNotFoundException', 400, message);
    await rejects(iam.send(new DisableOrganizationsRootSessionsCommand({})), 'OrganizationNotFoundException', 400, message);
  });

  test('AccessDenied pair: without iam:ListOrganizationsFeatures the caller learns nothing more', async () => {
    const none = new IAMClient(sdkConfig(server, await userWithKey(iam, 'org-none', [{ Effect: 'Allow', Action: 'iam:GetAccountSummary', Resource: '*' }])));
    await rejects(none.send(new ListOrganizationsFeaturesCommand({})), 'AccessDenied', 403);
    const some = new IAMClient(sdkConfig(server, await userWithKey(iam, 'org-some', [{ Effect: 'Allow', Action: 'iam:ListOrganizationsFeatures', Resource: '*' }])));
    await rejects(some.send(new ListOrganizationsFeaturesCommand({})), 'OrganizationNotFoundException', 400);
  });

  test('boto3 sees the modelled exception class', () => {
    const r = python(
      server,
      `
import boto3, json, os
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
try:
    iam.list_organizations_features(); out = None
except iam.exceptions.OrganizationNotFoundException as e:
    out = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), ['OrganizationNotFoundException', 400]);
  });
});
