/** Instance profiles through the AWS SDK for JavaScript v3, boto3 and the aws CLI. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreateRoleCommand,
  DeleteInstanceProfileCommand,
  DeleteRoleCommand,
  GetAccountAuthorizationDetailsCommand,
  GetInstanceProfileCommand,
  IAMClient,
  ListInstanceProfilesCommand,
  ListInstanceProfilesForRoleCommand,
  ListInstanceProfileTagsCommand,
  RemoveRoleFromInstanceProfileCommand,
  TagInstanceProfileCommand,
  UntagInstanceProfileCommand,
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
const trust = () => doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });

describe('instance profiles (JS SDK)', () => {
  test('Create / Get / List / Tag / Untag / Delete, with AWS fields', async () => {
    const c = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web', Path: '/app/', Tags: [{ Key: 'team', Value: 'a' }] }));
    const p = c.InstanceProfile!;
    assert.equal(p.InstanceProfileName, 'web');
    assert.equal(p.Path, '/app/');
    assert.match(p.InstanceProfileId!, /^AIPA[A-Z0-9]{17}$/);
    assert.equal(p.Arn, `arn:aws:iam::${A()}:instance-profile/app/web`);
    assert.ok(p.CreateDate instanceof Date);
    assert.deepEqual(p.Roles, []);
    assert.deepEqual(p.Tags, [{ Key: 'team', Value: 'a' }]);

    await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'WEB' })), 'EntityAlreadyExists', 409, 'Instance Profile WEB already exists.');
    await rejects(iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntity', 404, 'Instance Profile nope cannot be found.');
    await rejects(iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'bad name!' })), 'ValidationError', 400);

    const g = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'web' }));
    assert.equal(g.InstanceProfile!.InstanceProfileId, p.InstanceProfileId);

    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'api' }));
    const l = await iam.send(new ListInstanceProfilesCommand({ MaxItems: 1 }));
    assert.deepEqual(l.InstanceProfiles!.map((x) => x.InstanceProfileName), ['api']);
    assert.equal(l.IsTruncated, true);
    const l2 = await iam.send(new ListInstanceProfilesCommand({ Marker: l.Marker! }));
    assert.deepEqual(l2.InstanceProfiles!.map((x) => x.InstanceProfileName), ['web']);
    const byPath = await iam.send(new ListInstanceProfilesCommand({ PathPrefix: '/app/' }));
    assert.deepEqual(byPath.InstanceProfiles!.map((x) => x.InstanceProfileName), ['web']);

    await iam.send(new TagInstanceProfileCommand({ InstanceProfileName: 'web', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'b' }] }));
    await iam.send(new UntagInstanceProfileCommand({ InstanceProfileName: 'web', TagKeys: ['env', 'absent'] }));
    assert.deepEqual((await iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'web' }))).Tags, [{ Key: 'team', Value: 'b' }]);
    await rejects(iam.send(new ListInstanceProfileTagsCommand({ InstanceProfileName: 'nope' })), 'NoSuchEntity', 404);

    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'api' }));
    await rejects(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'api' })), 'NoSuchEntity', 404);
  });

  test('one role per profile; DeleteRole and DeleteInstanceProfile refused while linked; authorization details', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-app', AssumeRolePolicyDocument: trust() }));
    await iam.send(new CreateRoleCommand({ RoleName: 'ec2-other', AssumeRolePolicyDocument: trust() }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'holder' }));
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'no-role' })), 'NoSuchEntity', 404);
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'no-profile', RoleName: 'ec2-app' })), 'NoSuchEntity', 404);
    await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'ec2-app' }));
    const limit = 'Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1';
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'ec2-other' })), 'LimitExceeded', 409, limit);
    await rejects(iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'ec2-app' })), 'LimitExceeded', 409, limit);

    const g = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'holder' }));
    assert.deepEqual(g.InstanceProfile!.Roles!.map((r) => [r.RoleName, r.Arn]), [['ec2-app', `arn:aws:iam::${A()}:role/ec2-app`]]);
    assert.equal(decodeURIComponent(g.InstanceProfile!.Roles![0]!.AssumeRolePolicyDocument!), trust());
    const forRole = await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ec2-app' }));
    assert.deepEqual(forRole.InstanceProfiles!.map((x) => x.InstanceProfileName), ['holder']);
    assert.deepEqual((await iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'ec2-other' }))).InstanceProfiles, []);
    await rejects(iam.send(new ListInstanceProfilesForRoleCommand({ RoleName: 'no-role' })), 'NoSuchEntity', 404);

    const details = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
    const role = details.RoleDetailList!.find((r) => r.RoleName === 'ec2-app')!;
    assert.deepEqual(role.InstanceProfileList!.map((p) => p.InstanceProfileName), ['holder']);

    const removeFirst = 'Cannot delete entity, must remove roles from instance profile first.';
    await rejects(iam.send(new DeleteRoleCommand({ RoleName: 'ec2-app' })), 'DeleteConflict', 409, removeFirst);
    await rejects(iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'holder' })), 'DeleteConflict', 409, removeFirst);
    await rejects(iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'ec2-other' })), 'NoSuchEntity', 404);
    await iam.send(new RemoveRoleFromInstanceProfileCommand({ InstanceProfileName: 'holder', RoleName: 'ec2-app' }));
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'holder' }))).InstanceProfile!.Roles, []);
    await iam.send(new DeleteRoleCommand({ RoleName: 'ec2-app' }));
    await iam.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'holder' }));
  });

  test('AccessDenied pair: a user without iam:CreateInstanceProfile is refused; with it, allowed (tag condition)', async () => {
    const denied = new IAMClient(sdkConfig(server, await userWithKey(iam, 'ip-nobody', [{ Effect: 'Allow', Action: 'iam:GetInstanceProfile', Resource: '*' }])));
    await rejects(denied.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'denied' })), 'AccessDenied', 403);
    const allowed = new IAMClient(
      sdkConfig(
        server,
        await userWithKey(iam, 'ip-maker', [
          { Effect: 'Allow', Action: 'iam:CreateInstanceProfile', Resource: `arn:aws:iam::${A()}:instance-profile/made/*`, Condition: { StringEquals: { 'aws:RequestTag/team': 'a' } } },
        ]),
      ),
    );
    await rejects(allowed.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'x', Path: '/made/', Tags: [{ Key: 'team', Value: 'b' }] })), 'AccessDenied', 403);
    const ok = await allowed.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'x', Path: '/made/', Tags: [{ Key: 'team', Value: 'a' }] }));
    assert.equal(ok.InstanceProfile!.Arn, `arn:aws:iam::${A()}:instance-profile/made/x`);
    await rejects(denied.send(new GetInstanceProfileCommand({ InstanceProfileName: 'x' })).then(() => denied.send(new DeleteInstanceProfileCommand({ InstanceProfileName: 'x' }))), 'AccessDenied', 403);
  });

  test('AccessDenied pair: AddRoleToInstanceProfile also needs iam:PassRole on the role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'passed', Path: '/ec2/', AssumeRolePolicyDocument: trust() }));
    await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'pass-holder' }));
    const add = { Effect: 'Allow', Action: 'iam:AddRoleToInstanceProfile', Resource: `arn:aws:iam::${A()}:instance-profile/pass-holder` };
    const noPass = new IAMClient(sdkConfig(server, await userWithKey(iam, 'ip-no-pass', [add])));
    await rejects(noPass.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'pass-holder', RoleName: 'passed' })), 'AccessDenied', 403);
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'pass-holder' }))).InstanceProfile!.Roles, []);
    const withPass = new IAMClient(
      sdkConfig(server, await userWithKey(iam, 'ip-pass', [add, { Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${A()}:role/ec2/passed` }])),
    );
    await withPass.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'pass-holder', RoleName: 'passed' }));
    assert.deepEqual((await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: 'pass-holder' }))).InstanceProfile!.Roles!.map((r) => r.RoleName), ['passed']);
  });
});

describe('instance profiles (boto3, aws CLI)', () => {
  test('boto3: the whole life cycle and its errors', () => {
    const r = python(
      server,
      `
import boto3, json, os
from botocore.exceptions import ClientError
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
def code(f):
    try:
        f(); return None
    except ClientError as e:
        return [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
out = {}
out['create'] = iam.create_instance_profile(InstanceProfileName='py-ip', Path='/py/')['InstanceProfile']['Arn']
iam.create_role(RoleName='py-role', AssumeRolePolicyDocument=${JSON.stringify(trust())})
iam.add_role_to_instance_profile(InstanceProfileName='py-ip', RoleName='py-role')
out['roles'] = [r['RoleName'] for r in iam.get_instance_profile(InstanceProfileName='py-ip')['InstanceProfile']['Roles']]
out['for_role'] = [p['InstanceProfileName'] for p in iam.list_instance_profiles_for_role(RoleName='py-role')['InstanceProfiles']]
out['dup'] = code(lambda: iam.create_instance_profile(InstanceProfileName='py-ip'))
out['limit'] = code(lambda: iam.add_role_to_instance_profile(InstanceProfileName='py-ip', RoleName='py-role'))
out['conflict'] = code(lambda: iam.delete_role(RoleName='py-role'))
iam.remove_role_from_instance_profile(InstanceProfileName='py-ip', RoleName='py-role')
iam.delete_instance_profile(InstanceProfileName='py-ip')
out['gone'] = code(lambda: iam.get_instance_profile(InstanceProfileName='py-ip'))
print(json.dumps(out))
`,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), {
      create: `arn:aws:iam::${A()}:instance-profile/py/py-ip`,
      roles: ['py-role'],
      for_role: ['py-ip'],
      dup: ['EntityAlreadyExists', 409],
      limit: ['LimitExceeded', 409],
      conflict: ['DeleteConflict', 409],
      gone: ['NoSuchEntity', 404],
    });
  });

  test('aws CLI: create-instance-profile and list-instance-profiles', () => {
    const c = awsCli(server, ['iam', 'create-instance-profile', '--instance-profile-name', 'cli-ip', '--endpoint-url', server.url]);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(JSON.parse(c.stdout).InstanceProfile.InstanceProfileName, 'cli-ip');
    const l = awsCli(server, ['iam', 'list-instance-profiles', '--endpoint-url', server.url]);
    assert.equal(l.status, 0, l.stderr);
    assert.ok(JSON.parse(l.stdout).InstanceProfiles.some((p: { InstanceProfileName: string }) => p.InstanceProfileName === 'cli-ip'));
    const d = awsCli(server, ['iam', 'get-instance-profile', '--instance-profile-name', 'cli-none', '--endpoint-url', server.url]);
    assert.notEqual(d.status, 0);
    assert.match(d.stderr, /NoSuchEntity/);
  });
});
