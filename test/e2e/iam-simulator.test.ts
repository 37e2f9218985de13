/**
 * The IAM policy simulator end to end, through the AWS SDK for JavaScript v3 and boto3 against a real server:
 * seed 004's DenyAllExceptListedIfNoMFA (with AmazonS3FullAccess, as in the blog post) attached to a user;
 * a user with a group, a managed policy and a boundary; a role with a boundary; a group; CallerArn in another
 * account with a bucket policy (cross-account: both sides must allow); a trust policy as ResourcePolicy;
 * one EvaluationResult per action with ResourceSpecificResults; pagination (the aws CLI follows Marker);
 * GetContextKeysFor*Policy; the
 * errors (NoSuchEntity, InvalidInput, MalformedPolicyDocument, ValidationError) and the AccessDenied pair.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetContextKeysForCustomPolicyCommand,
  GetContextKeysForPrincipalPolicyCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  SimulateCustomPolicyCommand,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from '@aws-sdk/client-iam';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import { DENY_ALL_EXCEPT_LISTED_IF_NO_MFA } from '../helpers/seeds.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

const OTHER = '999999999999';
const BOB = `arn:aws:iam::${OTHER}:user/bob`;
let server: TestServer;
let iam: IAMClient;
let userArn: string;
let readerArn: string;
let roleArn: string;
let acct: string;
let limited: IAMClient;
let nobody: IAMClient;

const pretty = (statements: object[]) => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 4);
const only = (r: { EvaluationResults?: EvaluationResult[] }) => {
  assert.equal(r.EvaluationResults!.length, 1);
  return r.EvaluationResults![0]!;
};
/** The text at a MatchedStatement's span: just after `[`/`,` to just after `}`. */
function spanText(text: string, m: { StartPosition?: { Line?: number; Column?: number }; EndPosition?: { Line?: number; Column?: number } }) {
  const lines = text.split('\n');
  const off = (p: { Line?: number; Column?: number }) => lines.slice(0, p.Line! - 1).reduce((n, l) => n + l.length + 1, 0) + p.Column! - 1;
  return { before: text[off(m.StartPosition!) - 1], body: text.slice(off(m.StartPosition!), off(m.EndPosition!)).trim() };
}

before(async () => {
  ({ server, iam } = await startIamServer());
  acct = server.accountId;
  userArn = (await iam.send(new CreateUserCommand({ UserName: 'mfa-user' }))).User!.Arn!;
  const p = await iam.send(new CreatePolicyCommand({ PolicyName: 'DenyAllExceptListedIfNoMFA', PolicyDocument: DENY_ALL_EXCEPT_LISTED_IF_NO_MFA }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'mfa-user', PolicyArn: p.Policy!.Arn! }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'mfa-user', PolicyArn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' }));

  // reader: GetObject from its group's inline policy, PutObject from a managed policy, both under a boundary.
  readerArn = (await iam.send(new CreateUserCommand({ UserName: 'reader' }))).User!.Arn!;
  await iam.send(new CreateGroupCommand({ GroupName: 'readers' }));
  await iam.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'ReadDocs', PolicyDocument: pretty([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/*' }]) }));
  await iam.send(new AddUserToGroupCommand({ GroupName: 'readers', UserName: 'reader' }));
  const write = await iam.send(new CreatePolicyCommand({ PolicyName: 'WriteAll', PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:PutObject', 's3:DeleteObject'], Resource: '*' }) }));
  await iam.send(new AttachUserPolicyCommand({ UserName: 'reader', PolicyArn: write.Policy!.Arn! }));
  const bound = await iam.send(new CreatePolicyCommand({ PolicyName: 'DocsOnly', PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::docs/*' }) }));
  await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'reader', PermissionsBoundary: bound.Policy!.Arn! }));

  // deployer: an inline role policy under a boundary that allows only s3.
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${acct}:root` }, Action: 'sts:AssumeRole' });
  roleArn = (await iam.send(new CreateRoleCommand({ RoleName: 'deployer', AssumeRolePolicyDocument: trust }))).Role!.Arn!;
  await iam.send(new PutRolePolicyCommand({ RoleName: 'deployer', PolicyName: 'Deploy', PolicyDocument: doc({ Effect: 'Allow', Action: ['s3:PutObject', 'iam:PassRole'], Resource: '*' }) }));
  const s3only = await iam.send(new CreatePolicyCommand({ PolicyName: 'S3Only', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
  await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'deployer', PermissionsBoundary: s3only.Policy!.Arn! }));

  // limited may simulate reader only (and custom policies); nobody may simulate nothing.
  limited = new IAMClient(
    sdkConfig(server, await userWithKey(iam, 'limited', [
      { Effect: 'Allow', Action: ['iam:SimulatePrincipalPolicy', 'iam:GetContextKeysForPrincipalPolicy'], Resource: `arn:aws:iam::${acct}:user/reader` },
      { Effect: 'Allow', Action: ['iam:SimulateCustomPolicy', 'iam:GetContextKeysForCustomPolicy'], Resource: '*' },
    ])),
  );
  nobody = new IAMClient(sdkConfig(server, await userWithKey(iam, 'nobody')));
});
after(() => server?.stop());

describe('SimulatePrincipalPolicy (JS SDK)', () => {
  test('seed 004: explicitDeny for s3:ListAllMyBuckets without MFA context, the deny statement located', async () => {
    const e = only(await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:ListAllMyBuckets'] })));
    assert.equal(e.EvalActionName, 's3:ListAllMyBuckets');
    assert.equal(e.EvalResourceName, '*');
    assert.equal(e.EvalDecision, 'explicitDeny');
    assert.equal(e.MatchedStatements!.length, 1);
    const m = e.MatchedStatements![0]!;
    assert.equal(m.SourcePolicyId, 'DenyAllExceptListedIfNoMFA');
    assert.equal(m.SourcePolicyType, 'user-managed');
    // From just after the ',' that ends the previous statement to just after this statement's '}'.
    const { before: b, body } = spanText(DENY_ALL_EXCEPT_LISTED_IF_NO_MFA, m);
    assert.equal(b, ',');
    assert.ok(body.startsWith('{\n"Sid": "DenyAllExceptListedIfNoMFA",'), body.slice(0, 60));
    assert.equal(body.at(-1), '}');
    assert.deepEqual(e.MissingContextValues, ['aws:MultiFactorAuthPresent']);
    assert.equal(e.ResourceSpecificResults, undefined);
    assert.equal(e.OrganizationsDecisionDetail, undefined);
    assert.equal(e.EvalDecisionDetails, undefined);
  });

  test('seed 004: iam:GetUser on the user itself allowed, on another user implicitDeny; one result per action', async () => {
    const other = `arn:aws:iam::${acct}:user/someone-else`;
    const e = only(await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['iam:GetUser'], ResourceArns: [userArn, other] })));
    assert.equal(e.EvalResourceName, 'arn:${Partition}:iam::${Account}:user/${UserNameWithPath}');
    assert.equal(e.EvalDecision, 'implicitDeny', 'the most restrictive of the two');
    assert.deepEqual(e.ResourceSpecificResults!.map((r) => [r.EvalResourceName, r.EvalResourceDecision]), [[userArn, 'allowed'], [other, 'implicitDeny']]);
    assert.equal(e.ResourceSpecificResults![0]!.MatchedStatements![0]!.SourcePolicyId, 'DenyAllExceptListedIfNoMFA');
    assert.deepEqual(e.ResourceSpecificResults![0]!.EvalDecisionDetails ?? {}, {});
  });

  test('seed 004: allowed for s3:ListAllMyBuckets with aws:MultiFactorAuthPresent=true', async () => {
    const e = only(
      await iam.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: userArn,
          ActionNames: ['s3:ListAllMyBuckets'],
          ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['true'], ContextKeyType: 'boolean' }],
        }),
      ),
    );
    assert.equal(e.EvalDecision, 'allowed');
    assert.deepEqual(e.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['AmazonS3FullAccess', 'aws-managed']]);
    assert.deepEqual(e.MissingContextValues, []);
  });

  test('paginates the per-action results with Marker and MaxItems', async () => {
    const input = { PolicySourceArn: userArn, ActionNames: ['s3:GetObject', 's3:PutObject', 'iam:GetUser'], ResourceArns: ['arn:aws:s3:::b/k', userArn] };
    const first = await iam.send(new SimulatePrincipalPolicyCommand({ ...input, MaxItems: 2 }));
    assert.deepEqual(first.EvaluationResults!.map((e) => e.EvalActionName), ['s3:GetObject', 's3:PutObject']);
    assert.equal(first.IsTruncated, true);
    const rest = await iam.send(new SimulatePrincipalPolicyCommand({ ...input, MaxItems: 2, Marker: first.Marker! }));
    assert.deepEqual(rest.EvaluationResults!.map((e) => e.EvalActionName), ['iam:GetUser']);
    assert.equal(rest.IsTruncated, false);
    assert.equal(rest.EvaluationResults![0]!.ResourceSpecificResults!.length, 2);
  });

  test("a user's group inline policy, its managed policy and its boundary all take part", async () => {
    const r = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: readerArn, ActionNames: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], ResourceArns: ['arn:aws:s3:::docs/a'] }));
    const [get, put, del] = r.EvaluationResults!;
    assert.equal(get!.EvalDecision, 'allowed');
    assert.deepEqual(get!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType, m.StartPosition, m.EndPosition]), [
      ['ReadDocs', 'group', { Line: 3, Column: 19 }, { Line: 8, Column: 10 }],
    ]);
    assert.equal(put!.EvalDecision, 'allowed');
    assert.deepEqual(put!.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['WriteAll', 'user-managed']]);
    assert.equal(put!.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary, true);
    assert.equal(del!.EvalDecision, 'implicitDeny', 'the boundary does not allow DeleteObject');
    assert.equal(del!.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary, false);
    // PermissionsBoundaryPolicyInputList replaces the stored boundary.
    const wider = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: readerArn,
        ActionNames: ['s3:DeleteObject'],
        ResourceArns: ['arn:aws:s3:::docs/a'],
        PermissionsBoundaryPolicyInputList: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })],
      }),
    );
    assert.equal(only(wider).EvalDecision, 'allowed');
    assert.equal(only(wider).PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary, true);
  });

  test("a role's inline policy (SourcePolicyType role) under its boundary; a group's policies", async () => {
    const r = await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: ['s3:PutObject', 'iam:PassRole'] }));
    const [put, pass] = r.EvaluationResults!;
    assert.deepEqual([put!.EvalDecision, put!.MatchedStatements![0]!.SourcePolicyId, put!.MatchedStatements![0]!.SourcePolicyType], ['allowed', 'Deploy', 'role']);
    assert.deepEqual([pass!.EvalDecision, pass!.PermissionsBoundaryDecisionDetail!.AllowedByPermissionsBoundary], ['implicitDeny', false]);
    const g = only(await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:group/readers`, ActionNames: ['s3:GetObject'] })));
    assert.equal(g.EvalDecision, 'implicitDeny', 'docs/* only, not *');
    const g2 = only(await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:group/readers`, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::docs/x'] })));
    assert.deepEqual([g2.EvalDecision, g2.MatchedStatements![0]!.SourcePolicyType], ['allowed', 'group']);
  });

  test('CallerArn in another account: a bucket policy naming it and the identity allow are both needed', async () => {
    const bucketPolicy = doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/*' });
    const input = { PolicySourceArn: readerArn, CallerArn: BOB, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::docs/a'], ResourceOwner: `arn:aws:iam::${acct}:root` };
    const both = only(await iam.send(new SimulatePrincipalPolicyCommand({ ...input, ResourcePolicy: bucketPolicy })));
    assert.equal(both.EvalDecision, 'allowed');
    assert.deepEqual(both.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
    assert.deepEqual(both.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['ReadDocs', 'group'], ['ResourcePolicy', 'resource']]);
    assert.deepEqual(both.ResourceSpecificResults![0]!.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' });
    const none = only(await iam.send(new SimulatePrincipalPolicyCommand(input)));
    assert.equal(none.EvalDecision, 'implicitDeny');
    assert.deepEqual(none.EvalDecisionDetails, { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' });
    // Without ResourceOwner the bucket is in CallerArn's account: the identity side alone decides.
    const own = only(await iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: readerArn, CallerArn: BOB, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::docs/a'] })));
    assert.equal(own.EvalDecision, 'allowed');
  });

  test('errors: NoSuchEntity, InvalidInput, ValidationError; a PolicySourceArn of another account is AccessDenied', async () => {
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:user/ghost`, ActionNames: ['s3:GetObject'] })), 'NoSuchEntity', 404, 'The user with name ghost cannot be found.');
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:role/ghost`, ActionNames: ['s3:GetObject'] })), 'NoSuchEntity', 404);
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:user/elsewhere/reader`, ActionNames: ['s3:GetObject'] })), 'NoSuchEntity', 404, 'The user with name reader cannot be found.');
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: 'arn:aws:s3:::not-a-principal', ActionNames: ['s3:GetObject'] })), 'InvalidInput', 400);
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:GetObject'], CallerArn: roleArn })), 'InvalidInput', 400, /CallerArn/);
    await rejects(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: ['s3:GetObject'], ResourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) })),
      'InvalidInput',
      400,
      /CallerArn is required/,
    );
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:GetObject'], ResourceOwner: 'someone' })), 'InvalidInput', 400);
    await rejects(
      iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:GetObject'], ContextEntries: [{ ContextKeyName: 'aws:MultiFactorAuthPresent', ContextKeyValues: ['maybe'], ContextKeyType: 'boolean' }] })),
      'InvalidInput',
      400,
    );
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:GetObject'], MaxItems: 0 })), 'ValidationError', 400);
    await rejects(iam.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${OTHER}:user/bob`, ActionNames: ['s3:GetObject'] })), 'AccessDenied', 403);
  });

  test('AccessDenied pair: allowed on reader, refused on mfa-user and for a user without the permission', async () => {
    const ok = only(await limited.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: readerArn, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::docs/a'] })));
    assert.equal(ok.EvalDecision, 'allowed');
    const e = await rejects(limited.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: userArn, ActionNames: ['s3:GetObject'] })), 'AccessDenied', 403);
    assert.match(e.message, /iam:SimulatePrincipalPolicy/);
    await rejects(nobody.send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: readerArn, ActionNames: ['s3:GetObject'] })), 'AccessDenied', 403);
    await rejects(nobody.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: readerArn })), 'AccessDenied', 403);
  });

  test("GetContextKeysForPrincipalPolicy lists the keys the user's policies reference", async () => {
    const r = await iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: userArn }));
    assert.deepEqual([...r.ContextKeyNames!].sort(), ['aws:MultiFactorAuthPresent', 'aws:username']);
    await rejects(iam.send(new GetContextKeysForPrincipalPolicyCommand({ PolicySourceArn: `arn:aws:iam::${acct}:role/none` })), 'NoSuchEntity', 404);
  });
});

describe('SimulateCustomPolicy (JS SDK)', () => {
  const conditional = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'blue' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } });

  test('a condition without its context → implicitDeny with MissingContextValues', async () => {
    const e = only(await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [conditional], ActionNames: ['s3:GetObject'] })));
    assert.equal(e.EvalDecision, 'implicitDeny');
    assert.deepEqual([...e.MissingContextValues!].sort(), ['aws:PrincipalTag/team', 'aws:SourceIp']);
  });

  test('with the context supplied → allowed, the statement named PolicyInputList.1', async () => {
    const e = only(
      await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [conditional],
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::bucket/key'],
          ContextEntries: [
            { ContextKeyName: 'aws:PrincipalTag/team', ContextKeyValues: ['blue'], ContextKeyType: 'string' },
            { ContextKeyName: 'aws:SourceIp', ContextKeyValues: ['10.1.2.3'], ContextKeyType: 'ip' },
          ],
        }),
      ),
    );
    assert.equal(e.EvalDecision, 'allowed');
    assert.deepEqual(e.MissingContextValues, []);
    assert.equal(e.MatchedStatements![0]!.SourcePolicyId, 'PolicyInputList.1');
    assert.equal(e.MatchedStatements![0]!.SourcePolicyType, 'none');
    // A lone statement object starts just after "Statement": (column 37 of the compact document).
    assert.deepEqual(e.MatchedStatements![0]!.StartPosition, { Line: 1, Column: 37 });
    assert.deepEqual(e.ResourceSpecificResults!.map((r) => [r.EvalResourceName, r.EvalResourceDecision]), [['arn:aws:s3:::bucket/key', 'allowed']]);
  });

  test("the simulated account is CallerArn's, not the API caller's", async () => {
    const policy = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*', Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } });
    const e = only(await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], CallerArn: BOB, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::home/bob/k'] })));
    assert.equal(e.EvalDecision, 'allowed');
    const mine = only(await iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [policy], CallerArn: `arn:aws:iam::${acct}:user/bob`, ActionNames: ['s3:GetObject'], ResourceArns: ['arn:aws:s3:::home/bob/k'] })));
    assert.equal(mine.EvalDecision, 'implicitDeny');
  });

  test('a same-account resource policy naming the caller allows alone; a trust policy decides sts:AssumeRole', async () => {
    const me = `arn:aws:iam::${acct}:user/alice`;
    const e = only(
      await iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' })],
          ResourcePolicy: doc({ Effect: 'Allow', Principal: { AWS: me }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }),
          CallerArn: me,
          ActionNames: ['s3:GetObject'],
          ResourceArns: ['arn:aws:s3:::b/k'],
        }),
      ),
    );
    assert.equal(e.EvalDecision, 'allowed');
    assert.deepEqual(e.MatchedStatements!.map((m) => [m.SourcePolicyId, m.SourcePolicyType]), [['ResourcePolicy', 'resource']]);
    const assume = (trustPrincipal: object) =>
      iam.send(
        new SimulateCustomPolicyCommand({
          PolicyInputList: [doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' })],
          ResourcePolicy: doc({ Effect: 'Allow', Principal: trustPrincipal, Action: 'sts:AssumeRole' }),
          CallerArn: me,
          ActionNames: ['sts:AssumeRole'],
          ResourceArns: [roleArn],
        }),
      );
    assert.equal(only(await assume({ AWS: me })).EvalDecision, 'allowed');
    assert.equal(only(await assume({ Service: 'ec2.amazonaws.com' })).EvalDecision, 'implicitDeny', 'the trust policy must allow the caller');
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

  test('errors; the AccessDenied pair; GetContextKeysForCustomPolicy', async () => {
    const p = doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' });
    await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: ['{"Version":"2012-10-17","Statement":[{"Effect":"Maybe"}]}'], ActionNames: ['s3:GetObject'] })), 'MalformedPolicyDocument', 400);
    await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [p], ActionNames: ['s3:Get*'] })), 'InvalidInput', 400);
    await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [p], ActionNames: ['s3:GetObject'], PermissionsBoundaryPolicyInputList: [p, p] })), 'InvalidInput', 400);
    await rejects(iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [p], ActionNames: ['s3:GetObject'], ResourcePolicy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) })), 'InvalidInput', 400, /CallerArn is required/);
    await rejects(
      iam.send(new SimulateCustomPolicyCommand({ PolicyInputList: [p], ActionNames: ['ec2:RunInstances'], ResourceHandlingOption: 'EC2-VPC-EBS', ResourceArns: [`arn:aws:ec2:us-east-1:${acct}:instance/i-1`] })),
      'InvalidInput',
      400,
      /EC2-VPC-EBS/,
    );
    assert.equal(only(await limited.send(new SimulateCustomPolicyCommand({ PolicyInputList: [p], ActionNames: ['s3:GetObject'] }))).EvalDecision, 'allowed');
    const e = await rejects(nobody.send(new SimulateCustomPolicyCommand({ PolicyInputList: [p], ActionNames: ['s3:GetObject'] })), 'AccessDenied', 403);
    assert.match(e.message, /iam:SimulateCustomPolicy/);
    await rejects(nobody.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [p] })), 'AccessDenied', 403);
    await rejects(iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: ['not json'] })), 'MalformedPolicyDocument', 400);
    const r = await iam.send(new GetContextKeysForCustomPolicyCommand({ PolicyInputList: [conditional, DENY_ALL_EXCEPT_LISTED_IF_NO_MFA] }));
    assert.deepEqual([...r.ContextKeyNames!].sort(), ['aws:MultiFactorAuthPresent', 'aws:PrincipalTag/team', 'aws:SourceIp', 'aws:username']);
  });
});

describe('the simulator through boto3', () => {
  test('seed 004, cross-account CallerArn with a bucket policy, per-resource results, positions and errors', () => {
    const r = python(
      server,
      `
import boto3, json, os
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
arn, reader, bob, acct = os.environ['USER_ARN'], os.environ['READER_ARN'], os.environ['BOB'], os.environ['ACCT']
def sim(**kw):
    return iam.simulate_principal_policy(PolicySourceArn=arn, **kw)['EvaluationResults'][0]
x = iam.simulate_principal_policy(PolicySourceArn=reader, CallerArn=bob, ResourceOwner=acct, ActionNames=['s3:GetObject'],
    ResourceArns=['arn:aws:s3:::docs/a', 'arn:aws:s3:::docs/b'], ResourcePolicy=os.environ['BUCKET_POLICY'])['EvaluationResults'][0]
cond = iam.simulate_custom_policy(PolicyInputList=[os.environ['COND']], ActionNames=['s3:GetObject'])['EvaluationResults'][0]
out = {
  'nomfa': sim(ActionNames=['s3:ListAllMyBuckets'])['EvalDecision'],
  'mfa': sim(ActionNames=['s3:ListAllMyBuckets'], ContextEntries=[{'ContextKeyName': 'aws:MultiFactorAuthPresent', 'ContextKeyValues': ['true'], 'ContextKeyType': 'boolean'}])['EvalDecision'],
  'getuser': [r['EvalResourceDecision'] for r in sim(ActionNames=['iam:GetUser'], ResourceArns=[arn])['ResourceSpecificResults']],
  'missing': cond['MissingContextValues'],
  'position': [cond.get('MatchedStatements'), cond['EvalResourceName']],
  'cross': [x['EvalDecision'], x['EvalDecisionDetails'], [(r['EvalResourceName'], r['EvalResourceDecision'], r['EvalDecisionDetails']) for r in x['ResourceSpecificResults']]],
  'matched': [(m['SourcePolicyId'], m['SourcePolicyType'], m['StartPosition']['Line'], m['EndPosition']['Column']) for m in x['MatchedStatements']],
}
for key, kw in {'nosuch': dict(PolicySourceArn=arn.replace('mfa-user', 'nobody-here')), 'badcaller': dict(PolicySourceArn=arn, CallerArn=os.environ['ROLE_ARN'])}.items():
    try:
        iam.simulate_principal_policy(ActionNames=['s3:GetObject'], **kw)
    except iam.exceptions.ClientError as e:
        out[key] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`,
      server.root,
      {
        USER_ARN: userArn,
        READER_ARN: readerArn,
        ROLE_ARN: roleArn,
        BOB,
        ACCT: acct,
        BUCKET_POLICY: doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::docs/a' }),
        COND: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }),
      },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      nomfa: 'explicitDeny',
      mfa: 'allowed',
      getuser: ['allowed'],
      missing: ['aws:SecureTransport'],
      position: [[], 'arn:${Partition}:s3:::${BucketName}/${ObjectName}'],
      cross: [
        'implicitDeny',
        { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' },
        [
          ['arn:aws:s3:::docs/a', 'allowed', { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' }],
          ['arn:aws:s3:::docs/b', 'implicitDeny', { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' }],
        ],
      ],
      matched: [],
      nosuch: ['NoSuchEntity', 404],
      badcaller: ['InvalidInput', 400],
    });
  });
});

describe('the simulator through the aws CLI', () => {
  test('simulate-custom-policy follows the pages itself; cross-account CallerArn; InvalidInput exits non-zero', () => {
    const cli = (...args: string[]) => awsCli(server, ['iam', ...args, '--endpoint-url', server.url, '--output', 'json']);
    const policy = doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::shared/*' });
    const bucket = doc({ Effect: 'Allow', Principal: { AWS: BOB }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' });
    const r = cli('simulate-custom-policy', '--policy-input-list', policy, '--action-names', 's3:GetObject', 's3:PutObject', 's3:DeleteObject',
      '--resource-arns', 'arn:aws:s3:::shared/k', '--caller-arn', BOB, '--resource-owner', acct, '--resource-policy', bucket, '--page-size', '1');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { EvaluationResults: EvaluationResult[] };
    assert.deepEqual(out.EvaluationResults.map((e) => [e.EvalActionName, e.EvalDecision, e.EvalDecisionDetails]), [
      ['s3:GetObject', 'allowed', { 'IAM Policy': 'allowed', 'Resource Policy': 'allowed' }],
      ['s3:PutObject', 'implicitDeny', { 'IAM Policy': 'allowed', 'Resource Policy': 'implicitDeny' }],
      ['s3:DeleteObject', 'implicitDeny', { 'IAM Policy': 'implicitDeny', 'Resource Policy': 'implicitDeny' }],
    ]);
    const bad = cli('simulate-custom-policy', '--policy-input-list', policy, '--action-names', 's3:GetObject', '--caller-arn', roleArn);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /InvalidInput/);
    const missing = cli('simulate-principal-policy', '--policy-source-arn', `arn:aws:iam::${acct}:group/ghosts`, '--action-names', 's3:GetObject');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /NoSuchEntity/);
  });
});

describe("aws:PrincipalTag from the simulated principal's stored tags (boto3)", () => {
  test("a user's and a role's tags fill aws:PrincipalTag, ContextEntries win, a removed tag no longer counts", () => {
    const r = python(
      server,
      `
import boto3, json, os
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
by_team = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::data/\${aws:PrincipalTag/team}/*'}]})
green = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:ListBucket', 'Resource': '*', 'Condition': {'StringEquals': {'aws:PrincipalTag/team': 'green'}}}]})
trust = json.dumps({'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]})
user = iam.create_user(UserName='tag-sim-user', Tags=[{'Key': 'team', 'Value': 'blue'}])['User']['Arn']
iam.put_user_policy(UserName='tag-sim-user', PolicyName='by-team', PolicyDocument=by_team)
role = iam.create_role(RoleName='tag-sim-role', AssumeRolePolicyDocument=trust, Tags=[{'Key': 'Team', 'Value': 'green'}])['Role']['Arn']
bare = iam.create_role(RoleName='tag-sim-bare', AssumeRolePolicyDocument=trust)['Role']['Arn']
for name in ['tag-sim-role', 'tag-sim-bare']:
    iam.put_role_policy(RoleName=name, PolicyName='green', PolicyDocument=green)
def sim(arn, action, resources, **kw):
    r = iam.simulate_principal_policy(PolicySourceArn=arn, ActionNames=[action], ResourceArns=resources, **kw)['EvaluationResults'][0]
    return [[x['EvalResourceName'], x['EvalResourceDecision']] for x in r.get('ResourceSpecificResults', [])] or [r['EvalDecision'], r.get('MissingContextValues', [])]
objs = ['arn:aws:s3:::data/blue/a', 'arn:aws:s3:::data/red/a']
red = [{'ContextKeyName': 'aws:PrincipalTag/TEAM', 'ContextKeyValues': ['red'], 'ContextKeyType': 'string'}]
out = {'user': sim(user, 's3:GetObject', objs), 'entries': sim(user, 's3:GetObject', objs, ContextEntries=red),
       'role': sim(role, 's3:ListBucket', ['*']), 'bare': sim(bare, 's3:ListBucket', ['*'])}
iam.untag_user(UserName='tag-sim-user', TagKeys=['team'])
out['untagged'] = sim(user, 's3:GetObject', objs)
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      user: [['arn:aws:s3:::data/blue/a', 'allowed'], ['arn:aws:s3:::data/red/a', 'implicitDeny']],
      entries: [['arn:aws:s3:::data/blue/a', 'implicitDeny'], ['arn:aws:s3:::data/red/a', 'allowed']],
      role: ['allowed', []],
      bare: ['implicitDeny', ['aws:PrincipalTag/team']],
      untagged: [['arn:aws:s3:::data/blue/a', 'implicitDeny'], ['arn:aws:s3:::data/red/a', 'implicitDeny']],
    });
  });
});
