/**
 * The IAM policy simulator end to end, through the AWS SDK for JavaScript v3 and boto3 against a real server:
 * seed 004's DenyAllExceptListedIfNoMFA (with AmazonS3FullAccess, as in the blog post) attached to a user →
 * explicitDeny for s3:ListAllMyBuckets without MFA, allowed with aws:MultiFactorAuthPresent=true, allowed
 * for iam:GetUser of the user itself; SimulateCustomPolicy's MissingContextValues and pagination;
 * GetContextKeysFor*Policy; the errors (NoSuchEntity, InvalidInput, MalformedPolicyDocument).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
} from '@aws-sdk/client-iam';
import { python } from '../helpers/clients.js';
import { startIamServer } from '../helpers/iam.js';
import { DENY_ALL_EXCEPT_LISTED_IF_NO_MFA } from '../helpers/seeds.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
let userArn: string;

before(async () => {
  ({ server, iam } = await startIamServer());
  userArn = (await iam.send(new CreateUserCommand({ UserName: 'mfa-user' }))).User!.Arn!;
  const p = await iam.send(new CreatePolicyCommand({ PolicyName: 'DenyAllExceptListedIfNoMFA', PolicyDocument: DENY_ALL_EXCEPT_LISTED_IF_NO_MFA }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'mfa-user', PolicyArn: p.Policy!.Arn! }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'mfa-user', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));
});
after(() => server?.stop());

describe('SimulatePrincipalPolicy (JS SDK)', () => {
  test('seed 004: explicitDeny for s3:ListAllMyBuckets without MFA context', async () => {
    const r = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:ListAllMyBuckets'] }));
    assert.equal(r.EvaluationResults!.length, 1);
    const e = r.EvaluationResults![0]!;
    assert.equal(e.EvalActionName, 's3:ListAllMyBuckets');
    assert.equal(e.EvalResourceName, '*');
    assert.equal(e.EvalDecision, 'explicitDeny');
    assert.equal(e.MatchedStatements!.length, 1);
    const m = e.MatchedStatements![0]!;
    assert.equal(m.SourcePolicyId, 'DenyAllExceptListedIfNoMFA');
    assert.equal(m.SourcePolicyType, 'user-managed');
    // The deny is the ninth statement; its text starts at the "{" after the eighth.
    const lines = DENY_ALL_EXCEPT_LISTED_IF_NO_MFA.split('\n');
    assert.equal(lines[m.StartPosition!.Line! - 1]![m.StartPosition!.Column! - 1], '{');
    assert.equal(lines[m.StartPosition!.Line!]!, '"Sid": "DenyAllExceptListedIfNoMFA",');
    assert.equal(lines[m.EndPosition!.Line! - 1]![m.EndPosition!.Column! - 1], '}');
    assert.deepEqual(e.MissingContextValues, ['aws:MultiFactorAuthPresent']);
    assert.equal(r.IsTruncated, false);
  });

  test('seed 004: allowed for iam:GetUser on the user itself (the NotAction list spares it)', async () => {
    const r = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['iam:GetUser'], ResourceArns: [userArn] }));
    const e = r.EvaluationResults![0]!;
    assert.equal(e.EvalDecision, 'allowed');
    assert.equal(e.EvalResourceName, userArn);
    assert.equal(e.MatchedStatements![0]!.SourcePolicyId, 'DenyAllExceptListedIfNoMFA');
    const other = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['iam:GetUser'], ResourceArns: [`arn:aws:iam::${server.accountId}:user/someone-else`] }));
    assert.equal(other.EvaluationResults![0]!.EvalDecision, 'implicitDeny');
  });

  test('seed 004: allowed for s3:ListAllMyBuckets with aws:MultiFactorAuthPresent=true', async () => {
    const r = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: userArn,
        ActionNames: ['s3:ListAllMyBuckets'],
        ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }],
      }),
    );
    const e = r.EvaluationResults![0]!;
    assert.equal(e.EvalDecision, 'allowed');
    assert.deepEqual(e.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['AmazonS3FullAccess', 'aws-managed']]);
  });

  test('paginates action × resource results with Marker and MaxItems', async () => {
    const input = { PolicySourceArn: userArn, ActionNames: ['s3:GetObject', 's3:PutObject', 'iam:GetUser'], ResourceArns: ['arn:aws:s3:::b/k', userArn] };
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ ...input, MaxItems: 4 }));
    assert.equal(first.EvaluationResults!.length, 4);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new SimulatePrincipalPolicyCommand({ ...input, MaxItems: 4, Marker: first.Marker! }));
    assert.equal(rest.EvaluationResults!.length, 2);
    assert.equal(rest.IsTruncated, false);
    const names = [...first.EvaluationResults!, ...rest.EvaluationResults!].map((e) => `${e.EvalActionName} ${e.EvalResourceName}`);
    assert.equal(new Set(names).size, 6);
  });

  test('errors: NoSuchEntity for an unknown principal, InvalidInput for bad input', async () => {
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${server.accountId}:user/nobody`, ActionNames: ['s3:ListAllMyBuckets'] })), 'NoSuchEntity', 404);
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:s3:::not-a-principal', ActionNames: ['s3:ListAllMyBuckets'] })), 'InvalidInput', 400);
    await rejects(
      iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn,
          ActionNames: ['s3:ListAllMyBuckets'],
          ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['maybe'], ContextKeyType: 'boolean' }],
        }),
      ),
      'InvalidInput',
      400,
    );
  });

  test('GetContextKeysForPrincipalPolicy lists the keys the user\'s policies reference', async () => {
    const r = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: userArn }));
    assert.deepEqual([...r.ContextKeyNames!].sort(), ['aws:MultiFactorAuthPresent', 'aws:username']);
    await rejects(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${server.accountId}:role/none` })), 'NoSuchEntity', 404);
  });
});

describe('SimulateCustomPolicy (JS SDK)', () => {
  const conditional = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });

  test('a condition without its context → implicitDeny with MissingContextValues', async () => {
    const r = await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [conditional], ActionNames: ['s3:GetObject'] }));
    const e = r.EvaluationResults![0]!;
    assert.equal(e.EvalDecision, 'implicitDeny');
    assert.deepEqual([...e.MissingContextValues!].sort(), ['aws:PrincipalTag/team', 'aws:SourceIp']);
  });

  test('with the context supplied → allowed, the statement named PolicyInputList.1', async () => {
    const r = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [conditional],
        ActionNames: ['s3:GetObject'],
        ResourceArns: ['arn:aws:s3:::bucket/key'],
        ContextEntries: [
          { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['blue'], ContextKeyType: 'string' },
          { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' },
        ],
      }),
    );
    const e = r.EvaluationResults![0]!;
    assert.equal(e.EvalDecision, 'allowed');
    assert.deepEqual(e.MissingContextValues, []);
    assert.equal(e.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.1');
    assert.deepEqual(e.MatchedStatements![0]!.StartPosition, { Line: 1, Column: 37 });
  });

  test('a permissions boundary input limits the decision and says so', async () => {
    const r = await iam.send(
      new SimulateCustomPolicyCommand({
        PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
        PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })],
        ActionNames: ['s3:GetObject', 's3:PutObject'],
      }),
    );
    const [get, put] = r.EvaluationResults!;
    assert.equal(get!.EvalDecision, 'allowed');
    assert.equal(get!.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, true);
    assert.equal(put!.EvalDecision, 'implicitDeny');
    assert.equal(put!.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary, false);
  });

  test('MalformedPolicyDocument for a policy that does not parse; GetContextKeysForCustomPolicy', async () => {
    await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}'], ActionNames: ['s3:GetObject'] })), 'MalformedPolicyDocument', 400);
    await rejects(iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: ['not json'] })), 'MalformedPolicyDocument', 400);
    const r = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [conditional, DENY_ALL_EXCEPT_LISTED_IF_NO_MFA] }));
    assert.deepEqual([...r.ContextKeyNames!].sort(), ['aws:MultiFactorAuthPresent', 'aws:PrincipalTag/team', 'aws:SourceIp', 'aws:username']);
  });
});

describe('the simulator through boto3', () => {
  test('seed 004: explicitDeny without MFA, allowed with it, allowed for GetUser of self', () => {
    const r = python(
      server,
      `
import boto3, json, os
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
arn = os.environ['USER_ARN']
def sim(**kw):
    return iam.simulate_principal_policy(PolicySourceArn=arn, **kw)['EvaluationResults'][0]
out = {
  'nomfa': sim(ActionNames=['s3:ListAllMyBuckets'])['EvalDecision'],
  'mfa': sim(ActionNames=['s3:ListAllMyBuckets'], ContextEntries=[{'ContextKeyName': 'aws:MultiFactorAuthPresent', 'ContextKeyValues': ['true'], 'ContextKeyType': 'boolean'}])['EvalDecision'],
  'getuser': sim(ActionNames=['iam:GetUser'], ResourceArns=[arn])['EvalDecision'],
  'missing': iam.simulate_custom_policy(PolicyInputList=[os.environ['COND']], ActionNames=['s3:GetObject'])['EvaluationResults'][0]['MissingContextValues'],
}
try:
    iam.simulate_principal_policy(PolicySourceArn=arn.replace('mfa-user', 'nobody'), ActionNames=['s3:GetObject'])
except iam.exceptions.NoSuchEntityException as e:
    out['nosuch'] = e.response['Error']['Code']
print(json.dumps(out))
`,
      server.root,
      { USER_ARN: userArn, COND: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }) },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { nomfa: 'explicitDeny', mfa: 'allowed', getuser: 'allowed', missing: ['aws:SecureTransport'], nosuch: 'NoSuchEntity' });
  });
});
