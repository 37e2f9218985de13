/**
 * UpdateRoleDescription, UpdateGroup, OpenID Connect client ids and thumbprints, permissions boundary edge
 * cases and service-linked roles, through the AWS SDK for JavaScript v3, boto3 and the aws CLI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddClientIDToOpenIDConnectProviderCommand,
  AddRoleToInstanceProfileCommand,
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  CreateGroupCommand,
  CreateInstanceProfileCommand,
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateServiceLinkedRoleCommand,
  CreateUserCommand,
  DeleteRoleCommand,
  DeleteServiceLinkedRoleCommand,
  GetGroupCommand,
  GetOpenIDConnectProviderCommand,
  GetRoleCommand,
  GetServiceLinkedRoleDeletionStatusCommand,
  IAMClient,
  ListAttachedGroupPoliciesCommand,
  ListGroupsForUserCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  PutUserPermissionsBoundaryCommand,
  GetUserCommand,
  RemoveClientIDFromOpenIDConnectProviderCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateGroupCommand,
  UpdateOpenIDConnectProviderThumbprintCommand,
  UpdateRoleDescriptionCommand,
  DeleteRolePermissionsBoundaryCommand,
} from '@aws-sdk/client-iam';
import { awsCli, python, sdkConfig } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
before(async () => ({ server, iam } = await startIamServer()));
after(() => server?.stop());

const A = () => server.accountId;
const trust = () => doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A()}:root` }, Action: 'sts:AssumeRole' });
const thumb = (c: string) => c.repeat(40);

describe('UpdateRoleDescription and permissions boundaries', () => {
  test('UpdateRoleDescription returns the role with its new description; NoSuchEntity', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'described', AssumeRolePolicyDocument: trust(), Description: 'old' }));
    const r = await iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'described', Description: 'new words' }));
    assert.equal(r.Role!.RoleName, 'described');
    assert.equal(r.Role!.Description, 'new words');
    assert.equal(r.Role!.Arn, `arn:aws:iam::${A()}:role/described`);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'described' }))).Role!.Description, 'new words');
    await rejects(iam.send(new UpdateRoleDescriptionCommand({ RoleName: 'none', Description: 'x' })), 'NoSuchEntity', 404, 'The role with name none cannot be found.');
  });

  test('a boundary must be the ARN of a managed policy that exists', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'bounded', AssumeRolePolicyDocument: trust() }));
    await iam.send(new CreateUserCommand({ UserName: 'bounded-user' }));
    const p = await iam.send(new CreatePolicyCommand({ PolicyName: 'bound', PolicyDocument: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }));
    const notPolicy = `arn:aws:iam::${A()}:role/bounded`;
    await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: notPolicy })), 'InvalidInput', 400, `ARN ${notPolicy} is not valid.`);
    const missing = `arn:aws:iam::${A()}:policy/missing`;
    await rejects(
      iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-user', PermissionsBoundary: missing })),
      'NoSuchEntity',
      404,
      `Scope ARN: ${missing} does not exist or is not attachable.`,
    );
    await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/NoSuchAwsPolicy' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'nobody', PermissionsBoundary: p.Policy!.Arn! })), 'NoSuchEntity', 404);
    await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'bounded-user', PermissionsBoundary: p.Policy!.Arn! }));
    assert.equal((await iam.send(new GetUserCommand({ UserName: 'bounded-user' }))).User!.PermissionsBoundary!.PermissionsBoundaryArn, p.Policy!.Arn);
    await iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'bounded', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'bounded' }))).Role!.PermissionsBoundary!.PermissionsBoundaryType, 'PermissionsBoundaryPolicy');
  });
});

describe('UpdateGroup', () => {
  test('rename and move: members and policies follow; EntityAlreadyExists; NoSuchEntity', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await iam.send(new CreateGroupCommand({ GroupName: 'ops' }));
    await iam.send(new CreateUserCommand({ UserName: 'grp-member' }));
    await iam.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'grp-member' }));
    await iam.send(new AttachGroupPolicyCommand({ GroupName: 'devs', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
    await iam.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'engineers', NewPath: '/eng/' }));
    const g = await iam.send(new GetGroupCommand({ GroupName: 'engineers' }));
    assert.equal(g.Group!.Arn, `arn:aws:iam::${A()}:group/eng/engineers`);
    assert.equal(g.Group!.Path, '/eng/');
    assert.deepEqual(g.Users!.map((u) => u.UserName), ['grp-member']);
    assert.deepEqual((await iam.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'engineers' }))).AttachedPolicies!.map((p) => p.PolicyName), ['ReadOnlyAccess']);
    assert.deepEqual((await iam.send(new ListGroupsForUserCommand({ UserName: 'grp-member' }))).Groups!.map((x) => x.GroupName), ['engineers']);
    await rejects(iam.send(new GetGroupCommand({ GroupName: 'devs' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new UpdateGroupCommand({ GroupName: 'engineers', NewGroupName: 'OPS' })), 'EntityAlreadyExists', 409, 'Group with name OPS already exists.');
    await rejects(iam.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'x' })), 'NoSuchEntity', 404, 'The group with name devs cannot be found.');
  });

  test('AccessDenied pair: iam:UpdateGroup is needed on the old and the new ARN', async () => {
    await iam.send(new CreateGroupCommand({ GroupName: 'team-a' }));
    const only = (resource: string[]) => [{ Effect: 'Allow', Action: 'iam:UpdateGroup', Resource: resource }];
    const oldOnly = new IAMClient(sdkConfig(server, await userWithKey(iam, 'grp-old-only', only([`arn:aws:iam::${A()}:group/team-a`]))));
    await rejects(oldOnly.send(new UpdateGroupCommand({ GroupName: 'team-a', NewGroupName: 'team-b' })), 'AccessDenied', 403);
    const both = new IAMClient(sdkConfig(server, await userWithKey(iam, 'grp-both', only([`arn:aws:iam::${A()}:group/team-a`, `arn:aws:iam::${A()}:group/team-b`]))));
    await both.send(new UpdateGroupCommand({ GroupName: 'team-a', NewGroupName: 'team-b' }));
    assert.equal((await iam.send(new GetGroupCommand({ GroupName: 'team-b' }))).Group!.GroupName, 'team-b');
  });
});

describe('OpenID Connect providers: client ids and thumbprints', () => {
  test('add (idempotent), remove (idempotent), the quota of 100, thumbprint replacement and its validation', async () => {
    const arn = (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://oidc.example.com', ClientIDList: ['a'], ThumbprintList: [thumb('1')] }))).OpenIDConnectProviderArn!;
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
    await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'b' }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ClientIDList, ['a', 'b']);
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'a' }));
    await iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'never-added' }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ClientIDList, ['b']);
    for (let i = 1; i < 100; i++) await iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: `c${i}` }));
    await rejects(
      iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'one-too-many' })),
      'LimitExceeded',
      409,
      'Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100',
    );

    await iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [thumb('A'), thumb('2')] }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ThumbprintList, [thumb('a'), thumb('2')]);
    await rejects(iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: [thumb('z')] })), 'InvalidInput', 400);
    await rejects(iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: arn, ThumbprintList: ['abc'] })), 'ValidationError', 400);
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ThumbprintList, [thumb('a'), thumb('2')], 'refused changes nothing');

    const none = `arn:aws:iam::${A()}:oidc-provider/none.example.com`;
    await rejects(iam.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: none, ClientID: 'x' })), 'NoSuchEntity', 404, `OpenIDConnect Provider not found for arn ${none}`);
    await rejects(iam.send(new RemoveClientIDFromOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: none, ClientID: 'x' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new UpdateOpenIDConnectProviderThumbprintCommand({ OpenIDConnectProviderArn: none, ThumbprintList: [thumb('1')] })), 'NoSuchEntity', 404);
  });

  test('AccessDenied pair: AddClientIDToOpenIDConnectProvider by the provider tag', async () => {
    const arn = (
      await iam.send(new CreateOpenIDConnectProviderCommand({ Url: 'https://tagged.example.com', ThumbprintList: [thumb('3')], Tags: [{ Key: 'team', Value: 'red' }] }))
    ).OpenIDConnectProviderArn!;
    const policy = (team: string) => [{ Effect: 'Allow', Action: 'iam:AddClientIDToOpenIDConnectProvider', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': team } } }];
    const blue = new IAMClient(sdkConfig(server, await userWithKey(iam, 'oidc-blue', policy('blue'))));
    await rejects(blue.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' })), 'AccessDenied', 403);
    const red = new IAMClient(sdkConfig(server, await userWithKey(iam, 'oidc-red', policy('red'))));
    await red.send(new AddClientIDToOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn, ClientID: 'x' }));
    assert.deepEqual((await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }))).ClientIDList, ['x']);
  });
});

describe('service-linked roles', () => {
  test('create: AWS name, path, trust policy; taken name; custom suffix; unknown service', async () => {
    const r = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', Description: 'for ECS' }))).Role!;
    assert.equal(r.RoleName, 'AWSServiceRoleForECS');
    assert.equal(r.Path, '/aws-service-role/ecs.amazonaws.com/');
    assert.equal(r.Arn, `arn:aws:iam::${A()}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`);
    assert.equal(r.Description, 'for ECS');
    assert.match(r.RoleId!, /^AROA/);
    assert.deepEqual(JSON.parse(decodeURIComponent(r.AssumeRolePolicyDocument!)).Statement, [
      { Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    await rejects(
      iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com' })),
      'InvalidInput',
      400,
      'Service role name AWSServiceRoleForECS has been taken in this account, please try a different suffix.',
    );
    const s = (await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'autoscaling.amazonaws.com', CustomSuffix: 'fleet' }))).Role!;
    assert.equal(s.RoleName, 'AWSServiceRoleForAutoScaling_fleet');
    await rejects(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ecs.amazonaws.com', CustomSuffix: 'x' })), 'InvalidInput', 400);
    await rejects(iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'nothing.example.com' })), 'InvalidInput', 400);
    await rejects(
      iam.send(new CreateRoleCommand({ RoleName: 'sneaky', Path: '/aws-service-role/ecs.amazonaws.com/', AssumeRolePolicyDocument: trust() })),
      'InvalidInput',
      400,
      "Path prefix '/aws-service-role/' can only be used for AWS Service linked Roles",
    );
  });

  test('the normal role APIs refuse a service-linked role (UnmodifiableEntity); the description may change', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'rds.amazonaws.com' }));
    const RoleName = 'AWSServiceRoleForRDS';
    const msg = `Cannot perform the operation on the protected role '${RoleName}' - this role is only modifiable by AWS`;
    await rejects(iam.send(new DeleteRoleCommand({ RoleName })), 'UnmodifiableEntity', 400, msg);
    await rejects(iam.send(new PutRolePolicyCommand({ RoleName, PolicyName: 'p', PolicyDocument: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) })), 'UnmodifiableEntity', 400, msg);
    await rejects(iam.send(new AttachRolePolicyCommand({ RoleName, PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' })), 'UnmodifiableEntity', 400);
    await rejects(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName, PolicyDocument: trust() })), 'UnmodifiableEntity', 400);
    await rejects(iam.send(new PutRolePermissionsBoundaryCommand({ RoleName, PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })), 'UnmodifiableEntity', 400);
    await rejects(iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName })), 'UnmodifiableEntity', 400);
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'slr-holder' }));
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'slr-holder', RoleName })), 'UnmodifiableEntity', 400);
    assert.equal((await iam.send(new UpdateRoleDescriptionCommand({ RoleName, Description: 'edited' }))).Role!.Description, 'edited');
  });

  test('delete: a deletion task that SUCCEEDED; NoSuchEntity; a normal role is not deleted this way', async () => {
    await iam.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'elasticloadbalancing.amazonaws.com' }));
    const { DeletionTaskId } = await iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForElasticLoadBalancing' }));
    assert.match(DeletionTaskId!, /^task\/aws-service-role\/elasticloadbalancing\.amazonaws\.com\/AWSServiceRoleForElasticLoadBalancing\/[0-9a-f-]{36}$/);
    const st = await iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId }));
    assert.equal(st.Status, 'SUCCEEDED');
    await rejects(iam.send(new GetRoleCommand({ RoleName: 'AWSServiceRoleForElasticLoadBalancing' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'AWSServiceRoleForElasticLoadBalancing' })), 'NoSuchEntity', 404);
    await rejects(
      iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/00000000-0000-0000-0000-000000000000' })),
      'NoSuchEntity',
      404,
    );
    await rejects(iam.send(new GetServiceLinkedRoleDeletionStatusCommand({ DeletionTaskId: 'not-a-task' })), 'InvalidInput', 400);
    await iam.send(new CreateRoleCommand({ RoleName: 'plain', AssumeRolePolicyDocument: trust() }));
    await rejects(iam.send(new DeleteServiceLinkedRoleCommand({ RoleName: 'plain' })), 'InvalidInput', 400);
    assert.equal((await iam.send(new GetRoleCommand({ RoleName: 'plain' }))).Role!.RoleName, 'plain');
  });

  test('AccessDenied pair: iam:CreateServiceLinkedRole with an iam:AWSServiceName condition', async () => {
    const only = new IAMClient(
      sdkConfig(
        server,
        await userWithKey(iam, 'slr-maker', [
          { Effect: 'Allow', Action: 'iam:CreateServiceLinkedRole', Resource: '*', Condition: { StringEquals: { 'iam:AWSServiceName': 'ssm.amazonaws.com' } } },
        ]),
      ),
    );
    await rejects(only.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'spot.amazonaws.com' })), 'AccessDenied', 403);
    assert.equal((await only.send(new CreateServiceLinkedRoleCommand({ AWSServiceName: 'ssm.amazonaws.com' }))).Role!.RoleName, 'AWSServiceRoleForAmazonSSM');
  });

  test('boto3 and the aws CLI', () => {
    const r = python(
      server,
      `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
role = iam.create_service_linked_role(AWSServiceName='guardduty.amazonaws.com')['Role']
task = iam.delete_service_linked_role(RoleName=role['RoleName'])['DeletionTaskId']
status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)['Status']
try:
    iam.update_role_description(RoleName='absent', Description='x'); err = None
except ClientError as e:
    err = e.response['Error']['Code']
print(json.dumps({'name': role['RoleName'], 'path': role['Path'], 'status': status, 'err': err}))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { name: 'AWSServiceRoleForAmazonGuardDuty', path: '/aws-service-role/guardduty.amazonaws.com/', status: 'SUCCEEDED', err: 'NoSuchEntity' });
    const c = awsCli(server, ['iam', 'create-service-linked-role', '--aws-service-name', 'config.amazonaws.com', '--endpoint-url', server.url]);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(JSON.parse(c.stdout).Role.RoleName, 'AWSServiceRoleForConfig');
  });
});
