/**
 * Seed 000 (AWS SDK example "assume an IAM role that requires an MFA token"): its setup and teardown run with
 * boto3's resource API exactly as the document writes them. The only stand-ins are the interactive parts:
 * the QR code PNG the server returns is decoded with zbarimg (zbar-tools), and the two codes the document asks
 * the user to type are computed with oathtool from the seed found in the QR code. AssumeRole itself is STS's.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { python } from '../helpers/clients.js';
import { SEED_000_PY } from '../helpers/seeds.js';
import { startServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

const HARNESS = String.raw`
import builtins, json, os, re, subprocess, sys, tempfile, time, urllib.parse, uuid, webbrowser
import boto3
from botocore.exceptions import ClientError

os.chdir(tempfile.mkdtemp())
webbrowser.open = lambda *a, **k: True
def unique_name(prefix): return f"demo-{prefix}-{uuid.uuid4().hex[:8]}"
def progress_bar(seconds): pass
report = {"log": []}

def qr_seed(path):
    # zbarimg: the real QR decoder; the PNG must hold an otpauth://totp/ URI with the seed.
    out = subprocess.run(["zbarimg", "--raw", "-q", path], capture_output=True, text=True, check=True).stdout.strip()
    report["qr_uri"] = out
    assert out.startswith("otpauth://totp/"), out
    return urllib.parse.parse_qs(urllib.parse.urlparse(out).query)["secret"][0]

def oathtool(seed, at):
    return subprocess.run(["oathtool", "--totp", "-b", seed, "--now", "@%d" % at], capture_output=True, text=True, check=True).stdout.strip()

codes = []
def fake_input(prompt=""):
    if not codes:
        seed = qr_seed("qr.png")
        now = int(time.time())
        codes.extend([oathtool(seed, now), oathtool(seed, now + 30)])
        report["seed_from_qr"] = seed
    return codes.pop(0)
builtins.input = fake_input

def code_of(fn):
    try:
        fn()
        return None
    except ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
` ;

// The harness provides the document's helpers (unique_name, progress_bar) and the interactive input(); its
// functions run unchanged.
const SCRIPT = HARNESS + '\n' + SEED_000_PY + String.raw`
iam_resource = boto3.resource("iam")
iam = boto3.client("iam")
user, user_key, virtual_mfa_device, role = setup(iam_resource)
report["user_arn"] = user.arn
report["key_id"] = user_key.id
report["has_secret"] = len(user_key.secret) == 40
report["serial"] = virtual_mfa_device.serial_number
report["seed_matches_response"] = virtual_mfa_device.base32_string_seed.decode() == report["seed_from_qr"]
report["mfa_devices"] = [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=user.name)["MFADevices"]]
r = iam.get_role(RoleName=role.name)["Role"]
report["trust"] = r["AssumeRolePolicyDocument"]
report["max_session"] = r["MaxSessionDuration"]
report["attached"] = [p["PolicyName"] for p in iam.list_attached_role_policies(RoleName=role.name)["AttachedPolicies"]]
names = iam.list_user_policies(UserName=user.name)["PolicyNames"]
report["inline"] = iam.get_user_policy(UserName=user.name, PolicyName=names[0])["PolicyDocument"]
policy_arn = iam.list_attached_role_policies(RoleName=role.name)["AttachedPolicies"][0]["PolicyArn"]
report["doc"] = iam.get_policy_version(PolicyArn=policy_arn, VersionId="v1")["PolicyVersion"]["Document"]

# Refusals AWS gives along the way.
report["delete_user_early"] = code_of(lambda: iam.delete_user(UserName=user.name))
report["delete_policy_attached"] = code_of(lambda: iam.delete_policy(PolicyArn=policy_arn))
report["delete_role_attached"] = code_of(lambda: iam.delete_role(RoleName=role.name))
report["delete_mfa_in_use"] = code_of(lambda: iam.delete_virtual_mfa_device(SerialNumber=virtual_mfa_device.serial_number))

# Wrong and non-consecutive codes are refused when enabling another device.
other = iam.create_virtual_mfa_device(VirtualMFADeviceName=unique_name("mfa2"))["VirtualMFADevice"]
seed2 = other["Base32StringSeed"].decode()
u2 = iam.create_user(UserName=unique_name("user2"))["User"]["UserName"]
now = int(time.time())
c0, c2 = oathtool(seed2, now), oathtool(seed2, now + 60)
wrong = "%06d" % ((int(c0) + 1) % 1000000)
report["wrong_code"] = code_of(lambda: iam.enable_mfa_device(UserName=u2, SerialNumber=other["SerialNumber"], AuthenticationCode1=wrong, AuthenticationCode2=oathtool(seed2, now + 30)))
report["non_consecutive"] = code_of(lambda: iam.enable_mfa_device(UserName=u2, SerialNumber=other["SerialNumber"], AuthenticationCode1=c0, AuthenticationCode2=c2))
report["same_code_twice"] = code_of(lambda: iam.enable_mfa_device(UserName=u2, SerialNumber=other["SerialNumber"], AuthenticationCode1=c0, AuthenticationCode2=c0))
iam.delete_virtual_mfa_device(SerialNumber=other["SerialNumber"])
iam.delete_user(UserName=u2)

teardown(user, virtual_mfa_device, role)
report["users_after"] = [u["UserName"] for u in iam.list_users()["Users"]]
report["roles_after"] = [x["RoleName"] for x in iam.list_roles()["Roles"]]
report["local_policies_after"] = [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]]
report["mfa_after"] = [d["SerialNumber"] for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]
report["keys_gone"] = code_of(lambda: iam.list_access_keys(UserName=user.name))
print("REPORT " + json.dumps(report, default=str))
`;

test('seed 000: setup and teardown with boto3 resources, QR decoded by zbarimg, codes from oathtool', () => {
  const r = python(server, SCRIPT, server.root, { AWS_ENDPOINT_URL: server.url });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const line = r.stdout.split('\n').find((l) => l.startsWith('REPORT '));
  assert.ok(line, r.stdout);
  const rep = JSON.parse(line!.slice(7));
  const acct = server.accountId;
  assert.match(rep.qr_uri, /^otpauth:\/\/totp\/[^?]+\?.*secret=[A-Z2-7]+/);
  assert.equal(rep.seed_matches_response, true);
  assert.match(rep.user_arn, new RegExp(`^arn:aws:iam::${acct}:user/demo-user-[0-9a-f]{8}$`));
  assert.match(rep.key_id, /^AKIA[A-Z2-7]{16}$/);
  assert.equal(rep.has_secret, true);
  assert.match(rep.serial, new RegExp(`^arn:aws:iam::${acct}:mfa/demo-mfa-[0-9a-f]{8}$`));
  assert.deepEqual(rep.mfa_devices, [rep.serial]);
  // botocore URL-decodes and parses policy documents: the server returned them URL-encoded JSON.
  assert.deepEqual(rep.trust, {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { AWS: rep.user_arn }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } }],
  });
  assert.equal(rep.max_session, 3600);
  assert.equal(rep.attached.length, 1);
  assert.deepEqual(rep.doc, { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' }] });
  assert.equal(rep.inline.Statement[0].Action, 'sts:AssumeRole');
  assert.deepEqual(rep.delete_user_early.slice(0, 2), ['DeleteConflict', 409]);
  assert.deepEqual(rep.delete_policy_attached, ['DeleteConflict', 409, 'Cannot delete a policy attached to entities.']);
  assert.deepEqual(rep.delete_role_attached, ['DeleteConflict', 409, 'Cannot delete entity, must detach all policies first.']);
  assert.deepEqual(rep.delete_mfa_in_use.slice(0, 2), ['DeleteConflict', 409]);
  for (const k of ['wrong_code', 'non_consecutive', 'same_code_twice']) {
    assert.deepEqual(rep[k], ['InvalidAuthenticationCode', 403, 'Authentication code for device is not valid.'], k);
  }
  assert.deepEqual(rep.users_after, []);
  assert.deepEqual(rep.roles_after, []);
  assert.deepEqual(rep.local_policies_after, []);
  assert.deepEqual(rep.mfa_after, []);
  assert.deepEqual(rep.keys_gone.slice(0, 2), ['NoSuchEntity', 404]);
});
