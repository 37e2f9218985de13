/**
 * IAM and STS set-up shared by the end-to-end tests: a server with a root IAM client, users with keys,
 * virtual MFA devices enabled with oathtool's codes, and the credentials answers carry.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { AttachUserPolicyCommand, CreateAccessKeyCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { doc } from './aws-errors.js';
import { sdkConfig, type Creds } from './clients.js';
import { startServer, type StartOptions, type TestServer } from './server.js';

/** Starts a server and the root user's IAM client for it. */
export async function startIamServer(opts?: StartOptions): Promise<{ server: TestServer; iam: IAMClient }> {
  const server = await startServer(opts);
  return { server, iam: new IAMClient(sdkConfig(server)) };
}

/** Awaits a call that must fail with the SDK error named `name`; optionally checks the message. */
export async function rejectsWith(p: Promise<unknown>, name: string, message?: string | RegExp) {
  await assert.rejects(p, (e: Error & { name: string }) => {
    assert.equal(e.name, name, e.message);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message) assert.match(e.message, message);
    return true;
  });
}

/** The temporary credentials of an STS answer (AssumeRole, GetSessionToken, ...). */
export const credsOf = (r: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }): Creds => ({
  accessKeyId: r.Credentials!.AccessKeyId!,
  secretAccessKey: r.Credentials!.SecretAccessKey!,
  sessionToken: r.Credentials!.SessionToken!,
});

/** The long-term credentials of a CreateAccessKey answer. */
export const keyCredsOf = (k: { AccessKey?: { AccessKeyId?: string; SecretAccessKey?: string } }): Creds => ({
  accessKeyId: k.AccessKey!.AccessKeyId!,
  secretAccessKey: k.AccessKey!.SecretAccessKey!,
});

/** A TOTP code of `seed` (base32) `offsetSeconds` from now, computed by oathtool as a user's app would. */
export const oathtoolCode = (seed: string, offsetSeconds: number) =>
  spawnSync('oathtool', ['--totp', '-b', '-N', `now ${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds} seconds`, seed], { encoding: 'utf8' }).stdout.trim();

/** Creates a user (with inline policy `p` when statements are given) and an access key for it. */
export async function userWithKey(iam: IAMClient, name: string, inline?: object[]): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  if (inline) await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: doc(inline) }));
  return keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: name })));
}

/** Creates a user with AWS's AdministratorAccess policy attached, and an access key for it. */
export async function adminWithKey(iam: IAMClient, name: string): Promise<Creds> {
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
  return keyCredsOf(await iam.send(new CreateAccessKeyCommand({ UserName: name })));
}

/** Creates a virtual MFA device and enables it for the user with the previous and the current code. */
export async function enabledMfaDevice(iam: IAMClient, userName: string, deviceName: string): Promise<{ serial: string; seed: string }> {
  const d = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName }));
  const seed = Buffer.from(d.VirtualMFADevice!.Base32StringSeed!).toString('utf8');
  const serial = d.VirtualMFADevice!.SerialNumber!;
  await iam.send(
    new EnableMFADeviceCommand({ UserName: userName, SerialNumber: serial, AuthenticationCode1: oathtoolCode(seed, -30), AuthenticationCode2: oathtoolCode(seed, 0) }),
  );
  return { serial, seed };
}
