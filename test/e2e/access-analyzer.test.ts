/**
 * Access Analyzer's policy checks through boto3's accessanalyzer client and the aws CLI against a real
 * server: ValidatePolicy on the corpus of test/fixtures/access-analyzer/validate-policy.json (each document
 * with the finding AWS's check reference documents for it: finding type, issue code, learn-more link, the
 * location's path and span), the custom checks on custom-checks.json (PASS/FAIL; a FAIL names a request),
 * and the refusals (a bad policyType, a document the grammar refuses, an unsupported resource type).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { awsCli, python } from '../helpers/clients.js';
import { repoRoot, startServer, type TestServer } from '../helpers/server.js';

const fixtures = join(repoRoot, 'test', 'fixtures', 'access-analyzer');
const validateCorpus = JSON.parse(readFileSync(join(fixtures, 'validate-policy.json'), 'utf8')) as {
  cases: { name: string; policyType: string; validatePolicyResourceType?: string; document: string; findings: { findingType: string; issueCode: string; path: unknown[]; start?: number[]; end?: number[] }[] }[];
};
const custom = JSON.parse(readFileSync(join(fixtures, 'custom-checks.json'), 'utf8'));

const CLIENT = `
import boto3, botocore, json, os, sys
from botocore.config import Config
aa = boto3.client('accessanalyzer', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1', config=Config(retries={'max_attempts': 1}))
def err(f):
    try:
        f()
        return None
    except botocore.exceptions.ClientError as e:
        return {'code': e.response['Error']['Code'], 'message': e.response['Error']['Message'], 'status': e.response['ResponseMetadata']['HTTPStatusCode'], 'reason': e.response.get('reason')}
cases = json.loads(sys.stdin.read()) if False else json.loads(os.environ['CASES'])
`;

function run(server: TestServer, body: string, cases: unknown): unknown {
  const r = python(server, CLIENT + body, server.root, { CASES: JSON.stringify(cases) });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('Access Analyzer policy checks', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('ValidatePolicy: each corpus document gets the finding AWS documents for it, located exactly', () => {
    const out = run(server, `
res = []
for c in cases:
    kw = {'policyDocument': c['document'], 'policyType': c['policyType']}
    if 'validatePolicyResourceType' in c: kw['validatePolicyResourceType'] = c['validatePolicyResourceType']
    res.append(aa.validate_policy(**kw)['findings'])
print(json.dumps(res))
`, validateCorpus.cases) as { findingType: string; issueCode: string; learnMoreLink: string; findingDetails: string; locations: { path: unknown[]; span: { start: { line: number; column: number; offset: number }; end: { line: number; column: number; offset: number } } }[] }[][];
    validateCorpus.cases.forEach((c, i) => {
      const got = out[i]!;
      assert.deepEqual(got.map((f) => [f.findingType, f.issueCode]), c.findings.map((f) => [f.findingType, f.issueCode]), c.name);
      c.findings.forEach((want, j) => {
        const f = got[j]!;
        assert.match(f.learnMoreLink, /^https:\/\/docs\.aws\.amazon\.com\/IAM\/latest\/UserGuide\/access-analyzer-reference-policy-checks\.html#access-analyzer-reference-policy-checks-/, c.name);
        assert.ok(f.findingDetails.length > 10, c.name);
        assert.equal(f.locations.length, 1, c.name);
        assert.deepEqual(f.locations[0]!.path, want.path, c.name);
        const span = f.locations[0]!.span;
        if (want.start) assert.deepEqual([span.start.line, span.start.column, span.start.offset], want.start, c.name);
        if (want.end) assert.deepEqual([span.end.line, span.end.column, span.end.offset], want.end, c.name);
        // The span's offsets cut the located text out of the document.
        const located = c.document.slice(span.start.offset, span.end.offset);
        if (want.path.length > 0 && 'value' in (want.path.at(-1) as object) && want.issueCode !== 'JSON_SYNTAX_ERROR') assert.ok(located.length > 0, c.name);
      });
    });
  });

  test('ValidatePolicy: the span of a located value is exactly that value in the document', () => {
    const doc = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}\n  ]\n}';
    const out = run(server, `print(json.dumps(aa.validate_policy(policyDocument=cases, policyType='IDENTITY_POLICY')['findings']))`, doc) as { locations: { span: { start: { offset: number }; end: { offset: number } } }[] }[];
    const span = out[0]!.locations[0]!.span;
    assert.equal(doc.slice(span.start.offset, span.end.offset), '"*"');
  });

  test('CheckNoNewAccess: PASS and FAIL as the corpus says; a FAIL names a request the new policy allows', () => {
    const out = run(server, `
res = []
for c in cases:
    r = aa.check_no_new_access(newPolicyDocument=json.dumps(c['new']), existingPolicyDocument=json.dumps(c['existing']), policyType=c['policyType'])
    res.append({'result': r['result'], 'message': r['message'], 'reasons': r.get('reasons', [])})
print(json.dumps(res))
`, custom.noNewAccess) as { result: string; message: string; reasons: { description: string; statementIndex?: number }[] }[];
    custom.noNewAccess.forEach((c: { name: string; result: string; mentions?: string }, i: number) => {
      assert.equal(out[i]!.result, c.result, `${c.name}: ${JSON.stringify(out[i])}`);
      if (c.result === 'FAIL') {
        assert.equal(out[i]!.message, 'The modified permissions grant new access compared to your existing policy.');
        assert.equal(out[i]!.reasons.length, 1);
        assert.ok(out[i]!.reasons[0]!.description.includes(c.mentions!), `${c.name}: ${out[i]!.reasons[0]!.description}`);
        assert.equal(typeof out[i]!.reasons[0]!.statementIndex, 'number');
      } else assert.deepEqual(out[i]!.reasons, []);
    });
  });

  test('CheckAccessNotGranted: actions, resources, both', () => {
    const out = run(server, `
res = []
for c in cases:
    r = aa.check_access_not_granted(policyDocument=json.dumps(c['document']), access=[c['access']], policyType=c['policyType'])
    res.append({'result': r['result'], 'reasons': r.get('reasons', [])})
print(json.dumps(res))
`, custom.accessNotGranted) as { result: string; reasons: { description: string }[] }[];
    custom.accessNotGranted.forEach((c: { name: string; result: string; mentions?: string }, i: number) => {
      assert.equal(out[i]!.result, c.result, `${c.name}: ${JSON.stringify(out[i])}`);
      if (c.mentions) assert.ok(out[i]!.reasons[0]!.description.includes(c.mentions), `${c.name}: ${out[i]!.reasons[0]!.description}`);
    });
  });

  test('CheckNoPublicAccess: S3 bucket policies and role trust policies', () => {
    const out = run(server, `
res = []
for c in cases:
    r = aa.check_no_public_access(policyDocument=json.dumps(c['document']), resourceType=c['resourceType'])
    res.append({'result': r['result'], 'reasons': r.get('reasons', [])})
print(json.dumps(res))
`, custom.noPublicAccess) as { result: string }[];
    custom.noPublicAccess.forEach((c: { name: string; result: string }, i: number) => assert.equal(out[i]!.result, c.result, `${c.name}: ${JSON.stringify(out[i])}`));
  });

  test('refusals: a bad policyType, a document the grammar refuses, an unsupported resource type, an empty access list', () => {
    const out = run(server, `
d = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': '*'}]})
print(json.dumps({
  'policyType': err(lambda: aa.check_no_new_access(newPolicyDocument=d, existingPolicyDocument=d, policyType='SERVICE_CONTROL_POLICY')),
  'grammar': err(lambda: aa.check_no_new_access(newPolicyDocument='{"Statement": []}', existingPolicyDocument=d, policyType='IDENTITY_POLICY')),
  'resourceType': err(lambda: aa.check_no_public_access(policyDocument=d, resourceType='AWS::SQS::Queue')),
  'access': err(lambda: aa.check_access_not_granted(policyDocument=d, access=[{}], policyType='IDENTITY_POLICY')),
}))
`, null) as Record<string, { code: string; status: number; message: string; reason?: string }>;
    assert.equal(out.policyType!.code, 'ValidationException');
    assert.equal(out.policyType!.status, 400);
    assert.match(out.policyType!.message, /Value 'SERVICE_CONTROL_POLICY' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: \[IDENTITY_POLICY, RESOURCE_POLICY\]/);
    assert.equal(out.grammar!.code, 'InvalidParameterException');
    assert.match(out.grammar!.message, /^The newPolicyDocument is not a valid policy: /);
    assert.equal(out.resourceType!.code, 'ValidationException');
    assert.equal(out.resourceType!.reason, 'notSupported');
    assert.equal(out.access!.code, 'InvalidParameterException');
  });

  test('the aws CLI: check-no-new-access prints FAIL with its reason', () => {
    const old = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
    const neu = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }] });
    const r = awsCli(server, ['accessanalyzer', 'check-no-new-access', '--policy-type', 'IDENTITY_POLICY', '--new-policy-document', neu, '--existing-policy-document', old, '--endpoint-url', server.url, '--output', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.result, 'FAIL');
    assert.match(out.reasons[0].description, /The new policy allows s3:\S+ on arn:aws:s3:::b\//);
  });
});
