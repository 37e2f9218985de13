/**
 * Services Tessera does not serve (EC2, DynamoDB, SQS, Lambda, ...): a client pointed at Tessera for every
 * service gets, in that service's own protocol, an UnsupportedOperation naming the service — after its
 * signature is checked — and never an answer it cannot parse. IAM, STS and S3 are unaffected.
 * Real clients: the aws CLI (v1) and boto3, against a real server; raw signed requests for the wire shapes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { awsCli, python } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/server.js';

const SERVED = 'Tessera serves IAM, STS, S3, CloudTrail (LookupEvents and trails), Access Analyzer policy checks, IAM Identity Center (sign-in, portal, administration) and the console sign-in only.';
const notServed = (name: string, scope: string) => `${name} (${scope}) is not served by this endpoint: ${SERVED}`;

/** The aws CLI (v1: 255; v2: 254) exits non-zero on a service error and prints it on stderr. */
const CLI_ERROR_EXIT = [254, 255];

describe('services Tessera does not serve', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  const cliCases: [string[], string, string, string][] = [
    [['ec2', 'describe-instances'], 'DescribeInstances', 'EC2', 'ec2'],
    [['dynamodb', 'list-tables'], 'ListTables', 'DynamoDB', 'dynamodb'],
    [['sqs', 'list-queues'], 'ListQueues', 'SQS', 'sqs'],
    [['lambda', 'list-functions'], 'ListFunctions', 'Lambda', 'lambda'],
  ];
  for (const [args, operation, name, scope] of cliCases) {
    test(`aws ${args.join(' ')}: the CLI prints UnsupportedOperation naming ${name}`, () => {
      const r = awsCli(server, [...args, '--endpoint-url', server.url]);
      assert.ok(CLI_ERROR_EXIT.includes(r.status ?? -1), `exit ${r.status}: ${r.stderr}`);
      assert.equal(r.stderr.trim(), `An error occurred (UnsupportedOperation) when calling the ${operation} operation: ${notServed(name, scope)}`);
      assert.equal(r.stdout, '');
    });
  }

  test('AWS_ENDPOINT_URL for every service: STS answers, EC2 is refused by name', () => {
    const env = { AWS_ENDPOINT_URL: server.url };
    const ok = awsCli(server, ['sts', 'get-caller-identity', '--output', 'json'], server.root, env);
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).Account, server.accountId);
    const r = awsCli(server, ['ec2', 'describe-instances'], server.root, env);
    assert.ok(CLI_ERROR_EXIT.includes(r.status ?? -1), r.stderr);
    assert.match(r.stderr, /An error occurred \(UnsupportedOperation\) when calling the DescribeInstances operation: EC2 \(ec2\) is not served by this endpoint/);
  });

  test('the CLI with a wrong secret: refused as a bad signature, in the service\'s own protocol', () => {
    const wrong = { ...server.root, secretAccessKey: server.root.secretAccessKey + 'x' };
    for (const [args, operation] of [[['ec2', 'describe-instances'], 'DescribeInstances'], [['dynamodb', 'list-tables'], 'ListTables']] as const) {
      const r = awsCli(server, [...args, '--endpoint-url', server.url], wrong);
      assert.ok(CLI_ERROR_EXIT.includes(r.status ?? -1), r.stderr);
      assert.match(r.stderr, new RegExp(`An error occurred \\(SignatureDoesNotMatch\\) when calling the ${operation} operation: The request signature we calculated does not match`));
    }
  });

  test('unsigned (--no-sign-request): refused as unauthenticated in the service\'s shape, its Version only in the form body', async () => {
    const r = awsCli(server, ['ec2', 'describe-instances', '--no-sign-request', '--endpoint-url', server.url]);
    assert.ok(CLI_ERROR_EXIT.includes(r.status ?? -1), r.stderr);
    assert.equal(r.stderr.trim(), 'An error occurred (MissingAuthenticationToken) when calling the DescribeInstances operation: Request is missing Authentication Token');
    const sns = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics&Version=2010-03-31' });
    assert.equal(sns.status, 403);
    assert.match(await sns.text(), /^<\?xml[^>]*>\n<ErrorResponse><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code>/);
    // An unsigned STS form is still STS's.
    const sts = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=GetCallerIdentity&Version=2011-06-15' });
    assert.equal(sts.status, 403);
    assert.match(await sts.text(), /<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/">/);
  });

  test('boto3: ClientError UnsupportedOperation (400) naming the service, in each protocol', () => {
    const r = python(server, `
import boto3, botocore, json, os
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1})
calls = {
  'ec2': lambda c: c.describe_instances(),              # EC2 query
  'sns': lambda c: c.list_topics(),                     # query
  'dynamodb': lambda c: c.list_tables(),                # awsJson 1.0
  'kms': lambda c: c.list_keys(),                       # awsJson 1.1
  'lambda': lambda c: c.list_functions(),               # REST-JSON
  'route53': lambda c: c.list_hosted_zones(),           # REST-XML
  'cloudwatch': lambda c: c.list_metrics(),             # RPC v2 CBOR
  'sqs': lambda c: c.list_queues(),
}
out = {}
for svc, call in calls.items():
    c = boto3.client(svc, endpoint_url=os.environ['ENDPOINT'], config=cfg)
    try:
        call(c)
        out[svc] = 'succeeded'
    except botocore.exceptions.ClientError as e:
        out[svc] = [c.meta.service_model.protocol, e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, [string, string, string, number]>;
    const expected: Record<string, [string, string, string]> = {
      ec2: ['ec2', 'EC2', 'ec2'],
      sns: ['query', 'SNS', 'sns'],
      dynamodb: ['json', 'DynamoDB', 'dynamodb'],
      kms: ['json', 'KMS', 'kms'],
      lambda: ['rest-json', 'Lambda', 'lambda'],
      route53: ['rest-xml', 'Route 53', 'route53'],
      cloudwatch: [out.cloudwatch?.[0] ?? '?', 'CloudWatch', 'monitoring'],
      sqs: [out.sqs?.[0] ?? '?', 'SQS', 'sqs'],
    };
    for (const [svc, [protocol, name, scope]] of Object.entries(expected)) {
      assert.deepEqual(out[svc], [protocol, 'UnsupportedOperation', notServed(name, scope), 400], svc);
    }
  });

  test('boto3 on temporary credentials (the SAML guide\'s last step, ec2.describe_instances): refused by name; a bad session token is refused as such', () => {
    const r = python(server, `
import boto3, botocore, json, os
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1})
t = boto3.client('sts', endpoint_url=os.environ['ENDPOINT']).get_session_token()['Credentials']
def call(token):
    ec2 = boto3.client('ec2', endpoint_url=os.environ['ENDPOINT'], config=cfg, aws_access_key_id=t['AccessKeyId'],
                       aws_secret_access_key=t['SecretAccessKey'], aws_session_token=token)
    try:
        ec2.describe_instances()
        return 'succeeded'
    except botocore.exceptions.ClientError as e:
        return [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps({'good': call(t['SessionToken']), 'bad': call(t['SessionToken'][:-4] + 'AAAA')}))
`);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { good: [string, string, number]; bad: [string, string, number] };
    assert.deepEqual(out.good, ['UnsupportedOperation', notServed('EC2', 'ec2'), 400]);
    assert.equal(out.bad[2], 403);
    assert.notEqual(out.bad[0], 'UnsupportedOperation');
  });

  test('boto3 with a wrong secret or an unknown key: SignatureDoesNotMatch / InvalidClientTokenId (403), never the refusal', () => {
    const r = python(server, `
import boto3, botocore, json, os
from botocore.config import Config
cfg = Config(retries={'max_attempts': 1})
out = []
for key, secret in ((os.environ['AWS_ACCESS_KEY_ID'], os.environ['AWS_SECRET_ACCESS_KEY'] + 'x'), ('AKIANOSUCHKEY0000000', 'whatever')):
    for svc, call in (('ec2', lambda c: c.describe_instances()), ('dynamodb', lambda c: c.list_tables()), ('lambda', lambda c: c.list_functions())):
        c = boto3.client(svc, endpoint_url=os.environ['ENDPOINT'], config=cfg, aws_access_key_id=key, aws_secret_access_key=secret)
        try:
            call(c)
            out.append('succeeded')
        except botocore.exceptions.ClientError as e:
            out.append([svc, e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']])
print(json.dumps(out))
`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [
      ['ec2', 'SignatureDoesNotMatch', 403],
      ['dynamodb', 'SignatureDoesNotMatch', 403],
      ['lambda', 'SignatureDoesNotMatch', 403],
      ['ec2', 'InvalidClientTokenId', 403],
      ['dynamodb', 'InvalidClientTokenId', 403],
      ['lambda', 'InvalidClientTokenId', 403],
    ]);
  });

  test('wire shapes: EC2\'s <Response><Errors>, awsJson\'s __type with x-amzn-ErrorType; unsigned requests are refused unauthenticated', async () => {
    const ec2 = await signedFetch(server, 'ec2', { body: 'Action=DescribeInstances&Version=2016-11-15', contentType: 'application/x-www-form-urlencoded; charset=utf-8' });
    assert.equal(ec2.status, 400, ec2.text);
    assert.match(ec2.text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Response><Errors><Error><Code>UnsupportedOperation<\/Code><Message>EC2 \(ec2\) is not served by this endpoint: Tessera serves IAM, STS, S3, CloudTrail \(LookupEvents and trails\), Access Analyzer policy checks, IAM Identity Center \(sign-in, portal, administration\) and the console sign-in only\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);

    const ddb = await signedFetch(server, 'dynamodb', { body: '{}', contentType: 'application/x-amz-json-1.0', target: 'DynamoDB_20120810.ListTables' });
    assert.equal(ddb.status, 400, ddb.text);
    assert.equal(ddb.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.equal(ddb.headers.get('x-amzn-errortype'), 'UnsupportedOperation');
    assert.deepEqual(JSON.parse(ddb.text), { __type: 'UnsupportedOperation', message: notServed('DynamoDB', 'dynamodb') });

    // Unsigned: no signature, no answer about the service beyond "authenticate first".
    const unsigned = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.ListTables' }, body: '{}' });
    const unsignedText = await unsigned.text();
    assert.equal(unsigned.status, 403, unsignedText);
    assert.deepEqual(JSON.parse(unsignedText), { __type: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' });
    const unsignedEc2 = await fetch(`${server.url}/?Action=DescribeInstances&Version=2016-11-15`);
    const unsignedEc2Text = await unsignedEc2.text();
    assert.equal(unsignedEc2.status, 403, unsignedEc2Text);
    assert.match(unsignedEc2Text, /<Response><Errors><Error><Code>MissingAuthenticationToken<\/Code>/);

    // A scope no AWS service uses: refused in REST-JSON, the name quoted, the metric label not minted.
    const made = await signedFetch(server, 'madeupservice', { method: 'GET', path: '/v1/things' });
    assert.equal(made.status, 400, made.text);
    assert.deepEqual(JSON.parse(made.text), { __type: 'UnsupportedOperation', message: `The service "madeupservice" is not served by this endpoint: ${SERVED}` });
    const metrics = await (await fetch(`${server.url}/_metrics`)).text();
    assert.doesNotMatch(metrics, /madeupservice/);
    assert.match(metrics, /service="ec2"/, metrics);
  });

  test('IAM, STS and S3 are unaffected (aws CLI and boto3)', () => {
    const mb = awsCli(server, ['s3', 'mb', 's3://unserved-ok', '--endpoint-url', server.url]);
    assert.equal(mb.status, 0, mb.stderr);
    const ls = awsCli(server, ['s3api', 'list-buckets', '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(ls.status, 0, ls.stderr);
    assert.ok((JSON.parse(ls.stdout).Buckets as { Name: string }[]).some((b) => b.Name === 'unserved-ok'));
    const iam = awsCli(server, ['iam', 'create-user', '--user-name', 'still-served', '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(iam.status, 0, iam.stderr);
    assert.equal(JSON.parse(iam.stdout).User.UserName, 'still-served');
    const r = python(server, `
import boto3, json, os
e = os.environ['ENDPOINT']
print(json.dumps([
  boto3.client('sts', endpoint_url=e).get_caller_identity()['Account'],
  [u['UserName'] for u in boto3.client('iam', endpoint_url=e).list_users()['Users']],
  [b['Name'] for b in boto3.client('s3', endpoint_url=e).list_buckets()['Buckets']],
]))
`);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [server.accountId, ['still-served'], ['unserved-ok']]);
  });
});

/** A request signed by the AWS SDK's own SigV4 signer for `service`, sent with fetch. */
async function signedFetch(
  server: TestServer,
  service: string,
  opts: { method?: string; path?: string; body?: string; contentType?: string; target?: string },
): Promise<{ status: number; text: string; headers: Headers }> {
  const u = new URL(server.url);
  const headers: Record<string, string> = { host: u.host };
  if (opts.contentType) headers['content-type'] = opts.contentType;
  if (opts.target) headers['x-amz-target'] = opts.target;
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: server.root, sha256: Sha256 });
  const method = opts.method ?? 'POST';
  const path = opts.path ?? '/';
  const signed = await signer.sign({ method, protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path, headers, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  const res = await fetch(`${server.url}${path}`, { method, headers: signed.headers as Record<string, string>, ...(opts.body !== undefined ? { body: opts.body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}
