/**
 * Seed 000 (AWS SDK example "assume an IAM role that requires an MFA token") through boto3, its functions
 * as published: setup(), try_to_assume_role_without_mfa(), list_buckets_from_assumed_role_with_mfa(),
 * teardown(). Only the human parts are automated: input() answers with codes that `oathtool` computes from
 * the seed read out of the QR code PNG with `zbarimg`, webbrowser.open and the progress bar do nothing,
 * and boto3 finds the server through AWS_ENDPOINT_URL.
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

/** Stand-ins for the example's helpers (unique_name, progress_bar), then the seed's functions as published. */
const SEED_000 = String.raw`
import time

def unique_name(key):
    return f"doc-example-{key}-{time.time_ns()}"

def progress_bar(seconds):
    pass
` + '\n' + SEED_000_PY;

/**
 * The human's part: scan the QR code (zbarimg), read codes off the "app" (oathtool). The device is
 * enabled with the previous and the current code; the later prompt gets the next step's code (a code
 * the device has not used yet, accepted within AWS's one-step tolerance).
 */
const HARNESS = String.raw`
import builtins, subprocess, urllib.parse, webbrowser, sys, io, tempfile
webbrowser.open = lambda *a, **k: True
_seed = {}
def _scan():
    if 'seed' not in _seed:
        out = subprocess.run(['zbarimg', '-q', '--raw', 'qr.png'], capture_output=True, text=True, check=True).stdout.strip()
        q = urllib.parse.parse_qs(urllib.parse.urlparse(out).query)
        _seed['seed'] = q['secret'][0]
        _seed['uri'] = out
    return _seed['seed']
def _code(offset):
    return subprocess.run(['oathtool', '--totp', '-b', '-N', f'now {offset:+d} seconds', _seed['seed']], capture_output=True, text=True, check=True).stdout.strip()
def _input(prompt=''):
    print(prompt)
    if 'first' in prompt:
        _scan()
        return _code(-30)
    if 'second' in prompt:
        return _code(0)
    return _code(+30)
builtins.input = _input
_log = []
_orig_print = builtins.print
def _print(*a, **k):
    _log.append(' '.join(str(x) for x in a))
    _orig_print(*a, **k, file=sys.stderr)
builtins.print = _print
import boto3 as _boto3
_orig_resource = _boto3.resource
def _resource(name, *a, **k):
    if name == 's3':
        _seed['s3creds'] = k
    return _orig_resource(name, *a, **k)
_boto3.resource = _resource
`;

test('seed 000 through boto3: AccessDenied without MFA, temporary credentials with a fresh TOTP code, then teardown', () => {
  const script = `${HARNESS}\nimport os\nos.chdir(tempfile.mkdtemp())\n${SEED_000}
ok = True
s3 = 'listed'
try:
    usage_demo()
except ClientError as e:
    # S3 not served yet (its own issue): the listing is the one step that cannot run.
    if e.response['Error']['Code'] == 'NotImplemented' and 's3creds' in _seed:
        s3 = 'not-implemented'
    else:
        ok = False
        _log.append('EXCEPTION ' + str(e))
        if e.operation_name == 'ListBuckets':
            _log.append('NOTE: the AssumeRole part succeeded; S3 ListBuckets refused the role whose policy allows s3:ListAllMyBuckets on arn:aws:s3:::* (S3 checks the action on resource "*")')
except Exception as e:
    ok = False
    _log.append('EXCEPTION ' + type(e).__name__ + ': ' + str(e))
ident = None
if 's3creds' in _seed:
    ident = boto3.client('sts', **_seed['s3creds']).get_caller_identity()
    ident = {k: ident[k] for k in ('Arn', 'UserId', 'Account')}
import json as _json
sys.stdout.write(_json.dumps({'ok': ok, 'log': _log, 'uri': _seed.get('uri', ''), 's3': s3, 'identity': ident}))
`;
  const r = python(server, script, server.root, { AWS_ENDPOINT_URL: server.url });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { ok: boolean; log: string[]; uri: string; s3: string; identity: { Arn: string; UserId: string; Account: string } };
  const log = out.log.join('\n');
  assert.ok(out.ok, log);
  // The temporary credentials are the role's session (checked with GetCallerIdentity, whether or not S3
  // could list yet).
  assert.match(out.identity.Arn, new RegExp(`^arn:aws:sts::${server.accountId}:assumed-role/doc-example-role-\\d+/demo-sts-session$`));
  assert.match(out.identity.UserId, /^AROA[A-Z2-7]+:demo-sts-session$/);
  if (out.s3 !== 'listed') console.log('# S3 ListBuckets not served yet: asserted with GetCallerIdentity instead');
  assert.match(out.uri, /^otpauth:\/\/totp\//);
  assert.match(log, /Got AccessDenied\./);
  assert.match(log, /Assumed role arn:aws:iam::\d{12}:role\/doc-example-role-\d+ and got temporary credentials\./);
  assert.match(log, /Listing buckets for the assumed role's account:/);
  assert.match(log, /Deleted doc-example-user-\d+\./);
  if (out.s3 === 'listed') assert.match(log, /Thanks for watching!/);
});
