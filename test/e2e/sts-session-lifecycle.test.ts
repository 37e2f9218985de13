/**
 * A role session's lifecycle through boto3: the session is bound to the role's unique id (a role deleted and
 * recreated under the same name, with more permissions, never revives its old sessions), and "Revoke active
 * sessions" as the console does it — an inline deny policy named AWSRevokeOlderSessions with DateLessThan on
 * aws:TokenIssueTime — ends the sessions issued before the cutoff while newer ones work. The server's test
 * clock moves time on instead of waiting.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { advanceTestClock } from '../helpers/clock.js';
import { python } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import type { Creds } from '../helpers/clients.js';

let server: TestServer;
let alice: Creds;

before(async () => {
  let iam;
  ({ server, iam } = await startIamServer({ args: ['--test-clock'] }));
  alice = await userWithKey(iam, 'alice', [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]);
});
after(() => server?.stop());

/** Runs a boto3 step with root's IAM client `iam`, alice's STS client `sts`, and `as_(creds)`; prints JSON. */
function step(body: string, env: Record<string, string> = {}) {
  const r = python(server, `
import boto3, botocore, json, os
E = os.environ["ENDPOINT"]
iam = boto3.client("iam", endpoint_url=E, region_name="us-east-1")
sts = boto3.client("sts", endpoint_url=E, region_name="us-east-1", aws_access_key_id=os.environ["ALICE_ID"], aws_secret_access_key=os.environ["ALICE_SECRET"])
def as_(c, svc="iam"):
    return boto3.client(svc, endpoint_url=E, region_name="us-east-1", aws_access_key_id=c["AccessKeyId"], aws_secret_access_key=c["SecretAccessKey"], aws_session_token=c["SessionToken"])
def code(f):
    try:
        f(); return "ok"
    except botocore.exceptions.ClientError as e:
        return [e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]["Message"]]
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:user/alice" % os.environ["ACCOUNT"]}, "Action": "sts:AssumeRole"}]})
LIST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]})
${body}
`, server.root, { ALICE_ID: alice.accessKeyId, ALICE_SECRET: alice.secretAccessKey, ACCOUNT: server.accountId, ...env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('a session is bound to the role id: deleting and recreating the role never revives it', () => {
  const out = step(`
first = iam.create_role(RoleName="bound", AssumeRolePolicyDocument=TRUST)["Role"]
iam.put_role_policy(RoleName="bound", PolicyName="list", PolicyDocument=LIST)
old = sts.assume_role(RoleArn=first["Arn"], RoleSessionName="old")["Credentials"]
before = code(lambda: as_(old).list_users())
iam.delete_role_policy(RoleName="bound", PolicyName="list")
iam.delete_role(RoleName="bound")
gone = code(lambda: as_(old).list_users())
second = iam.create_role(RoleName="bound", AssumeRolePolicyDocument=TRUST)["Role"]
iam.put_role_policy(RoleName="bound", PolicyName="list", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
revived = code(lambda: as_(old).list_users())
revived_s3 = code(lambda: as_(old, "s3").list_buckets())
who = as_(old, "sts").get_caller_identity()["UserId"]
fresh = sts.assume_role(RoleArn=second["Arn"], RoleSessionName="new")["Credentials"]
print(json.dumps({"first": first["RoleId"], "second": second["RoleId"], "before": before, "gone": gone, "revived": revived, "revived_s3": revived_s3, "who": who, "fresh": code(lambda: as_(fresh).list_users())}))
`);
  assert.notEqual(out.first, out.second);
  assert.equal(out.before, 'ok');
  for (const k of ['gone', 'revived', 'revived_s3']) assert.deepEqual((out[k] as unknown[]).slice(0, 2), ['AccessDenied', 403], k);
  assert.match((out.revived as string[])[2]!, /assumed-role\/bound\/old is not authorized to perform: iam:ListUsers/);
  assert.equal(out.who, `${out.first as string}:old`, 'GetCallerIdentity still names the deleted role\'s id');
  assert.equal(out.fresh, 'ok');
});

test('AWSRevokeOlderSessions (DateLessThan aws:TokenIssueTime): older sessions refused, newer ones work', async () => {
  const issued = step(`
role = iam.create_role(RoleName="revocable", AssumeRolePolicyDocument=TRUST)["Role"]
iam.put_role_policy(RoleName="revocable", PolicyName="list", PolicyDocument=LIST)
old = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="old", DurationSeconds=3600)["Credentials"]
print(json.dumps({"old": old, "expiration": old["Expiration"].isoformat(), "ok": code(lambda: as_(old).list_users())}, default=str))
`);
  assert.equal(issued.ok, 'ok');
  // The console's cutoff is "now": one second after the old session was issued (its expiry minus its duration).
  const issuedAt = Date.parse(issued.expiration as string) - 3600_000;
  const cutoff = new Date(issuedAt + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  await advanceTestClock(server, 2);
  const out = step(`
old = json.loads(os.environ["OLD"])
iam.put_role_policy(RoleName="revocable", PolicyName="AWSRevokeOlderSessions", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Deny", "Action": ["*"], "Resource": ["*"], "Condition": {"DateLessThan": {"aws:TokenIssueTime": os.environ["CUTOFF"]}}}]}))
role = iam.get_role(RoleName="revocable")["Role"]
fresh = sts.assume_role(RoleArn=role["Arn"], RoleSessionName="fresh")["Credentials"]
print(json.dumps({"old": code(lambda: as_(old).list_users()), "fresh": code(lambda: as_(fresh).list_users())}))
`, { OLD: JSON.stringify(issued.old), CUTOFF: cutoff });
  assert.deepEqual((out.old as unknown[]).slice(0, 2), ['AccessDenied', 403]);
  assert.match((out.old as string[])[2]!, /with an explicit deny in an identity-based policy/);
  assert.equal(out.fresh, 'ok');
});
