/** Virtual MFA devices, SAML / OIDC identity providers and account operations through the AWS SDK v3. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccountAliasCommand,
  CreateOpenIDConnectProviderCommand,
  CreateSAMLProviderCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccountAliasCommand,
  DeleteOpenIDConnectProviderCommand,
  DeleteSAMLProviderCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  GetMFADeviceCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListMFADevicesCommand,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import * as OTPAuth from 'otpauth';
import { startIamServer } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());
const A = () => server.accountId;
const code = (seed: string, offsetSteps: number) =>
  OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(seed), algorithm: 'SHA1', digits: 6, period: 30, timestamp: Date.now() + offsetSteps * 30_000 });

describe('virtual MFA devices', () => {
  test('create (PNG QR, base32 seed), enable with two consecutive codes, list, get, resync, deactivate, delete', async () => {
    const d = (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/m/' }))).VirtualMFADevice!;
    assert.equal(d.SerialNumber, `arn:aws:iam::${A()}:mfa/m/phone`);
    const seed = Buffer.from(d.Base32StringSeed!).toString('ascii');
    assert.match(seed, /^[A-Z2-7]{64}$/);
    assert.deepEqual([...Buffer.from(d.QRCodePNG!).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await rejects(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'phone', Path: '/m/' })), 'EntityAlreadyExists', 409);
    assert.equal((await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }))).VirtualMFADevices!.length, 1);

    await iam.send(new CreateUserCommand({ UserName: 'mu' }));
    await rejects(
      iam.send(new EnableMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber!, AuthenticationCode1: code(seed, 0), AuthenticationCode2: code(seed, 0) })),
      'InvalidAuthenticationCode',
      403,
      'Authentication code for device is not valid.',
    );
    await rejects(
      iam.send(new EnableMFADeviceCommand({ UserName: 'mu', SerialNumber: `arn:aws:iam::${A()}:mfa/none`, AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
      'NoSuchEntity',
      404,
    );
    await rejects(iam.send(new EnableMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber!, AuthenticationCode1: '12345', AuthenticationCode2: '654321' })), 'ValidationError', 400);
    await iam.send(new EnableMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber!, AuthenticationCode1: code(seed, -1), AuthenticationCode2: code(seed, 0) }));
    await rejects(
      iam.send(new EnableMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber!, AuthenticationCode1: code(seed, -1), AuthenticationCode2: code(seed, 0) })),
      'EntityAlreadyExists',
      409,
    );
    const l = await iam.send(new ListMFADevicesCommand({ UserName: 'mu' }));
    assert.deepEqual(l.MFADevices!.map((m) => [m.UserName, m.SerialNumber]), [['mu', d.SerialNumber]]);
    const assigned = (await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }))).VirtualMFADevices!;
    assert.equal(assigned[0]!.User!.UserName, 'mu');
    assert.equal((assigned[0] as unknown as Record<string, unknown>).Base32StringSeed, undefined);
    assert.equal((await iam.send(new GetMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber! }))).UserName, 'mu');
    // Resync spends two fresh consecutive codes; codes already used are refused.
    await rejects(
      iam.send(new ResyncMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber!, AuthenticationCode1: code(seed, -1), AuthenticationCode2: code(seed, 0) })),
      'InvalidAuthenticationCode',
      403,
    );
    await iam.send(new ResyncMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber!, AuthenticationCode1: code(seed, 0), AuthenticationCode2: code(seed, 1) }));
    await rejects(iam.send(new DeleteUserCommand({ UserName: 'mu' })), 'DeleteConflict', 409, 'Cannot delete entity, must delete MFA device first.');
    await rejects(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.SerialNumber! })), 'DeleteConflict', 409);
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber! }));
    await rejects(iam.send(new DeactivateMFADeviceCommand({ UserName: 'mu', SerialNumber: d.SerialNumber! })), 'NoSuchEntity', 404);
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.SerialNumber! }));
    await rejects(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.SerialNumber! })), 'NoSuchEntity', 404);
    await iam.send(new DeleteUserCommand({ UserName: 'mu' }));
  });
});

const metadata = (keyDescriptor: string) => `<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    ${keyDescriptor}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso"/>
  </md:IDPSSODescriptor>
  <!-- AWS requires at least 1,000 characters of metadata: ${'padding '.repeat(110)}-->
</md:EntityDescriptor>`;
const signingKey = `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>MIIBszCCAVmgAwIBAgIUY2VydA==</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const encryptionKey = signingKey.replace('use="signing"', 'use="encryption"');

describe('identity providers', () => {
  test('SAML: create (signing certificate required, no DTD), get, list, update, delete', async () => {
    const arn = (await iam.send(new CreateSAMLProviderCommand({ Name: 'Google', SAMLMetadataDocument: metadata(signingKey) }))).SAMLProviderArn!;
    assert.equal(arn, `arn:aws:iam::${A()}:saml-provider/Google`);
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'Google', SAMLMetadataDocument: metadata(signingKey) })), 'EntityAlreadyExists', 409);
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'NoCert', SAMLMetadataDocument: metadata(encryptionKey) })), 'InvalidInput', 400);
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'Junk', SAMLMetadataDocument: '<not xml'.padEnd(1200, ' ') })), 'InvalidInput', 400);
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>` + metadata(signingKey).replace('<?xml version="1.0"?>', '');
    await rejects(iam.send(new CreateSAMLProviderCommand({ Name: 'Dtd', SAMLMetadataDocument: dtd })), 'InvalidInput', 400);
    const g = await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
    assert.equal(g.SAMLMetadataDocument, metadata(signingKey));
    assert.ok(g.CreateDate instanceof Date && g.ValidUntil instanceof Date);
    assert.deepEqual((await iam.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!.map((p) => p.Arn), [arn]);
    const noUse = signingKey.replace(' use="signing"', '');
    await iam.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: metadata(noUse) }));
    assert.equal((await iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument, metadata(noUse));
    await iam.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
    await rejects(iam.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })), 'NoSuchEntity', 404);
  });

  test('OIDC: create with client ids and thumbprints, get, list, delete; https only; duplicates refused', async () => {
    const tp = 'a'.repeat(40);
    const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/issuer', ClientIDList: ['sts.amazonaws.com'], ThumbprintList: [tp] })))
      .OpenIDConnectProviderArn!;
    assert.equal(arn, `arn:aws:iam::${A()}:oidc-provider/token.example.com/issuer`);
    const g = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    assert.equal(g.Url, 'token.example.com/issuer');
    assert.deepEqual(g.ClientIDList, ['sts.amazonaws.com']);
    assert.deepEqual(g.ThumbprintList, [tp]);
    await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://token.example.com/issuer', ThumbprintList: [tp] })), 'EntityAlreadyExists', 409);
    await rejects(iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'http://plain.example.com', ThumbprintList: [tp] })), 'InvalidInput', 400);
    assert.deepEqual((await iam.send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList!.map((p) => p.Arn), [arn]);
    await iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }));
    await rejects(iam.send(new DeleteOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn })), 'NoSuchEntity', 404);
  });
});

describe('account', () => {
  test('aliases: create, list, delete; unknown alias NoSuchEntity', async () => {
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'tessera-test' }));
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, ['tessera-test']);
    await rejects(iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'other' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new CreateAccountAliasCommand({ AccountAlias: 'Bad_Alias' })), 'ValidationError', 400);
    await iam.send(new DeleteAccountAliasCommand({ AccountAlias: 'tessera-test' }));
    assert.deepEqual((await iam.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
  });

  test('GetAccountSummary counts entities and reports quotas', async () => {
    await iam.send(new CreateUserCommand({ UserName: 's1' }));
    const m = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    assert.equal(m.Users, 1);
    assert.equal(m.AccessKeysPerUserQuota, 2);
    assert.equal(m.PolicySizeQuota, 6144);
    assert.equal(m.AccountAccessKeysPresent, 1);
  });
});
