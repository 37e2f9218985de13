/**
 * Tag operations of every taggable IAM resource beyond users and roles — customer managed policies, virtual
 * MFA devices, OpenID Connect and SAML providers — through the AWS SDK for JavaScript v3, boto3 and the aws
 * CLI against a real server: Tag / List...Tags / Untag, each AWS error (NoSuchEntity, InvalidInput for a
 * duplicate key or the reserved aws: prefix, LimitExceeded past 50 tags, the model's ValidationError), and the
 * resource's tags as aws:ResourceTag in an allowed / AccessDenied pair.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateOpenIDConnectProviderCommand,
  CreatePolicyCommand,
  CreateSAMLProviderCommand,
  CreateVirtualMFADeviceCommand,
  GetOpenIDConnectProviderCommand,
  GetSAMLProviderCommand,
  IAMClient,
  ListMFADeviceTagsCommand,
  ListOpenIDConnectProviderTagsCommand,
  ListPolicyTagsCommand,
  ListSAMLProviderTagsCommand,
  TagMFADeviceCommand,
  TagOpenIDConnectProviderCommand,
  TagPolicyCommand,
  TagSAMLProviderCommand,
  UntagMFADeviceCommand,
  UntagOpenIDConnectProviderCommand,
  UntagPolicyCommand,
  UntagSAMLProviderCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import { awsCli, python, sdkConfig, type Creds } from '../helpers/clients.js';
import { startIamServer, userWithKey } from '../helpers/iam.js';
import { createTestIdp, type TestIdp } from '../helpers/saml.js';
import type { TestServer } from '../helpers/server.js';
import { doc, rejects } from '../helpers/aws-errors.js';

let server: TestServer;
let iam: IAMClient;
let acct: string;
let idp: TestIdp;

const tags = (t: Record<string, string>): Tag[] => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
const many = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: `v${i}` }));

/** One taggable resource kind: how to create one, and its three tag operations (as a given client). */
interface Kind {
  noun: string;
  create(name: string): Promise<string>;
  missing(): string;
  tag(c: IAMClient, id: string, t: Tag[]): Promise<unknown>;
  untag(c: IAMClient, id: string, keys: string[]): Promise<unknown>;
  list(c: IAMClient, id: string, maxItems?: number, marker?: string): Promise<{ Tags?: Tag[]; IsTruncated?: boolean; Marker?: string }>;
  /** AWS's NoSuchEntity message for a missing one. */
  noSuch: RegExp;
}

const kinds: Kind[] = [
  {
    noun: 'Policy',
    create: async (name) => (await iam.send(new CreatePolicyCommand({ PolicyName: name, PolicyDocument: doc([{ Effect: 'Allow', Action: 's3:ListBucket', Resource: '*' }]) }))).Policy!.Arn!,
    missing: () => `arn:aws:iam::${acct}:policy/none`,
    tag: (c, PolicyArn, Tags) => c.send(new TagPolicyCommand({ PolicyArn, Tags })),
    untag: (c, PolicyArn, TagKeys) => c.send(new UntagPolicyCommand({ PolicyArn, TagKeys })),
    list: (c, PolicyArn, MaxItems, Marker) => c.send(new ListPolicyTagsCommand({ PolicyArn, MaxItems, Marker })),
    noSuch: /^Policy arn:aws:iam::\d+:policy\/none was not found\.$/,
  },
  {
    noun: 'MFADevice',
    create: async (name) => (await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice!.SerialNumber!,
    missing: () => `arn:aws:iam::${acct}:mfa/none`,
    tag: (c, SerialNumber, Tags) => c.send(new TagMFADeviceCommand({ SerialNumber, Tags })),
    untag: (c, SerialNumber, TagKeys) => c.send(new UntagMFADeviceCommand({ SerialNumber, TagKeys })),
    list: (c, SerialNumber, MaxItems, Marker) => c.send(new ListMFADeviceTagsCommand({ SerialNumber, MaxItems, Marker })),
    noSuch: /^VirtualMFADevice with serial number arn:aws:iam::\d+:mfa\/none doesn't exist\.$/,
  },
  {
    noun: 'OpenIDConnectProvider',
    create: async (name) =>
      (await iam.send(new CreateOpenIDConnectProviderCommand({ Url: `https://${name}.example.test`, ClientIDList: ['c'], ThumbprintList: ['0'.repeat(40)] }))).OpenIDConnectProviderArn!,
    missing: () => `arn:aws:iam::${acct}:oidc-provider/none.example.test`,
    tag: (c, OpenIDConnectProviderArn, Tags) => c.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, Tags })),
    untag: (c, OpenIDConnectProviderArn, TagKeys) => c.send(new UntagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn, TagKeys })),
    list: (c, OpenIDConnectProviderArn, MaxItems, Marker) => c.send(new ListOpenIDConnectProviderTagsCommand({ OpenIDConnectProviderArn, MaxItems, Marker })),
    noSuch: /^OpenIDConnect Provider not found for arn arn:aws:iam::\d+:oidc-provider\/none.example.test$/,
  },
  {
    noun: 'SAMLProvider',
    create: async (name) => (await iam.send(new CreateSAMLProviderCommand({ Name: name, SAMLMetadataDocument: idp.metadata }))).SAMLProviderArn!,
    missing: () => `arn:aws:iam::${acct}:saml-provider/none`,
    tag: (c, SAMLProviderArn, Tags) => c.send(new TagSAMLProviderCommand({ SAMLProviderArn, Tags })),
    untag: (c, SAMLProviderArn, TagKeys) => c.send(new UntagSAMLProviderCommand({ SAMLProviderArn, TagKeys })),
    list: (c, SAMLProviderArn, MaxItems, Marker) => c.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn, MaxItems, Marker })),
    noSuch: /^Manifest not found for arn arn:aws:iam::\d+:saml-provider\/none$/,
  },
];

before(async () => {
  ({ server, iam } = await startIamServer());
  acct = server.accountId;
  idp = createTestIdp();
});
after(async () => {
  idp?.remove();
  await server?.stop();
});

for (const k of kinds) {
  describe(`Tag${k.noun} / List${k.noun}Tags / Untag${k.noun} (JS SDK)`, () => {
    let id: string;
    before(async () => {
      id = await k.create(`tagged-${k.noun.toLowerCase()}`);
    });

    test('tag, list (paged), re-tag a key in another case (value replaced, key kept), untag (case-insensitively), untag a missing key', async () => {
      assert.deepEqual((await k.list(iam, id)).Tags, []);
      await k.tag(iam, id, tags({ team: 'blue', cost: '1' }));
      await k.tag(iam, id, tags({ Team: 'red', owner: 'ops' }));
      const all = await k.list(iam, id);
      assert.deepEqual(all.Tags, tags({ team: 'red', cost: '1', owner: 'ops' }));
      assert.equal(all.IsTruncated, false);
      const page1 = await k.list(iam, id, 2);
      assert.equal(page1.IsTruncated, true);
      assert.deepEqual(page1.Tags, tags({ team: 'red', cost: '1' }));
      const page2 = await k.list(iam, id, 2, page1.Marker);
      assert.deepEqual(page2.Tags, tags({ owner: 'ops' }));
      assert.equal(page2.IsTruncated, false);
      await k.untag(iam, id, ['COST', 'never-set']);
      assert.deepEqual((await k.list(iam, id)).Tags, tags({ team: 'red', owner: 'ops' }));
      await k.untag(iam, id, ['team', 'owner']);
      assert.deepEqual((await k.list(iam, id)).Tags, []);
    });

    test('NoSuchEntity for a resource that does not exist, on all three operations', async () => {
      await rejects(k.tag(iam, k.missing(), tags({ a: 'b' })), 'NoSuchEntity', 404, k.noSuch);
      await rejects(k.untag(iam, k.missing(), ['a']), 'NoSuchEntity', 404, k.noSuch);
      await rejects(k.list(iam, k.missing()), 'NoSuchEntity', 404, k.noSuch);
    });

    test('InvalidInput: a key twice in one call (whatever its case), a key with the reserved aws: prefix; nothing changes', async () => {
      await rejects(k.tag(iam, id, [{ Key: 'Dup', Value: '1' }, { Key: 'dup', Value: '2' }]), 'InvalidInput', 400, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
      await rejects(k.tag(iam, id, tags({ 'AWS:reserved': 'x' })), 'InvalidInput', 400, /aws:/);
      assert.deepEqual((await k.list(iam, id)).Tags, []);
    });

    test('50 tags in all; one more is LimitExceeded; 51 in one call and a 129-character key are the model\'s ValidationError', async () => {
      await k.tag(iam, id, many(50, 'k'));
      assert.equal((await k.list(iam, id)).Tags!.length, 50);
      await rejects(k.tag(iam, id, tags({ extra: 'x' })), 'LimitExceeded', 409, 'The number of tags has reached the maximum limit.');
      await k.tag(iam, id, tags({ k0: 'replaced' }));
      await rejects(k.tag(iam, id, many(51, 'm')), 'ValidationError', 400);
      await rejects(k.tag(iam, id, tags({ ['x'.repeat(129)]: 'v' })), 'ValidationError', 400);
      const after = (await k.list(iam, id)).Tags!;
      assert.equal(after.length, 50);
      assert.deepEqual(after[0], { Key: 'k0', Value: 'replaced' });
      await k.untag(iam, id, many(50, 'k').map((t) => t.Key));
    });

    test('its tags are aws:ResourceTag keys: a team=blue resource allowed, team=red AccessDenied', async () => {
      const name = `abac-${k.noun.toLowerCase()}`;
      const creds: Creds = await userWithKey(iam, name, [
        { Effect: 'Allow', Action: [`iam:List${k.noun}Tags`, `iam:Tag${k.noun}`], Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': 'blue' } } },
      ]);
      const as = new IAMClient(sdkConfig(server, creds));
      await k.tag(iam, id, tags({ team: 'blue' }));
      assert.deepEqual((await k.list(as, id)).Tags, tags({ team: 'blue' }));
      await k.tag(as, id, tags({ by: name }));
      await k.tag(iam, id, tags({ team: 'red' }));
      await rejects(k.list(as, id), 'AccessDenied', 403, new RegExp(`not authorized to perform: iam:List${k.noun}Tags on resource: ${id.replace(/[.]/g, '\\.')}`));
      await rejects(k.tag(as, id, tags({ by: 'again' })), 'AccessDenied', 403);
      await k.untag(iam, id, ['team', 'by']);
    });
  });
}

describe('the providers\' own operations see their tags (aws:ResourceTag on GetSAMLProvider / GetOpenIDConnectProvider)', () => {
  test('team=blue allowed, team=red AccessDenied', async () => {
    const saml = await kinds[3]!.create('abac-get-saml');
    const oidc = await kinds[2]!.create('abac-get-oidc');
    const creds = await userWithKey(iam, 'provider-reader', [
      { Effect: 'Allow', Action: ['iam:GetSAMLProvider', 'iam:GetOpenIDConnectProvider'], Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'blue' } } },
    ]);
    const as = new IAMClient(sdkConfig(server, creds));
    await iam.send(new TagSAMLProviderCommand({ SAMLProviderArn: saml, Tags: tags({ team: 'blue' }) }));
    await iam.send(new TagOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidc, Tags: tags({ team: 'red' }) }));
    assert.deepEqual((await as.send(new GetSAMLProviderCommand({ SAMLProviderArn: saml }))).Tags, tags({ team: 'blue' }));
    await rejects(as.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: oidc })), 'AccessDenied', 403, /iam:GetOpenIDConnectProvider/);
  });
});

describe('boto3 and the aws CLI', () => {
  test('boto3: tag_policy / list_policy_tags / untag_policy, tag_mfa_device, tag_saml_provider, tag_open_id_connect_provider; NoSuchEntity and InvalidInput codes', async () => {
    const policy = await kinds[0]!.create('boto3-policy');
    const mfa = await kinds[1]!.create('boto3-mfa');
    const saml = await kinds[3]!.create('boto3-saml');
    const oidc = await kinds[2]!.create('boto3-oidc');
    const script = String.raw`
import boto3, json, os
iam = boto3.client('iam', endpoint_url=os.environ['ENDPOINT'])
t = [{'Key': 'team', 'Value': 'blue'}]
iam.tag_policy(PolicyArn=os.environ['POLICY'], Tags=t)
iam.tag_mfa_device(SerialNumber=os.environ['MFA'], Tags=t)
iam.tag_saml_provider(SAMLProviderArn=os.environ['SAML'], Tags=t)
iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=os.environ['OIDC'], Tags=t)
out = {
  'policy': iam.list_policy_tags(PolicyArn=os.environ['POLICY'])['Tags'],
  'mfa': iam.list_mfa_device_tags(SerialNumber=os.environ['MFA'])['Tags'],
  'saml': iam.list_saml_provider_tags(SAMLProviderArn=os.environ['SAML'])['Tags'],
  'oidc': iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=os.environ['OIDC'])['Tags'],
}
iam.untag_policy(PolicyArn=os.environ['POLICY'], TagKeys=['team'])
out['after'] = iam.list_policy_tags(PolicyArn=os.environ['POLICY'])['Tags']
errors = []
for call in [lambda: iam.tag_policy(PolicyArn=os.environ['POLICY'].replace('boto3-policy', 'none'), Tags=t),
             lambda: iam.tag_mfa_device(SerialNumber=os.environ['MFA'], Tags=[{'Key': 'aws:x', 'Value': '1'}])]:
    try:
        call()
        errors.append(None)
    except iam.exceptions.ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']])
out['errors'] = errors
print(json.dumps(out))
`;
    const r = python(server, script, server.root, { POLICY: policy, MFA: mfa, SAML: saml, OIDC: oidc });
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!);
    for (const key of ['policy', 'mfa', 'saml', 'oidc']) assert.deepEqual(out[key], tags({ team: 'blue' }), key);
    assert.deepEqual(out.after, []);
    assert.deepEqual(out.errors, [['NoSuchEntity', 404], ['InvalidInput', 400]]);
  });

  test('aws CLI: tag-policy, list-policy-tags, untag-policy; a missing policy is NoSuchEntity', async () => {
    const policy = await kinds[0]!.create('cli-policy');
    const cli = (...args: string[]) => awsCli(server, ['--endpoint-url', server.url, 'iam', ...args, '--output', 'json']);
    assert.equal(cli('tag-policy', '--policy-arn', policy, '--tags', 'Key=team,Value=blue', 'Key=cost,Value=42').status, 0);
    const listed = cli('list-policy-tags', '--policy-arn', policy);
    assert.equal(listed.status, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout).Tags, tags({ team: 'blue', cost: '42' }));
    assert.equal(cli('untag-policy', '--policy-arn', policy, '--tag-keys', 'cost').status, 0);
    assert.deepEqual(JSON.parse(cli('list-policy-tags', '--policy-arn', policy).stdout).Tags, tags({ team: 'blue' }));
    const missing = cli('tag-policy', '--policy-arn', `arn:aws:iam::${acct}:policy/none`, '--tags', 'Key=a,Value=b');
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /\(NoSuchEntity\) when calling the TagPolicy operation: Policy arn:aws:iam::\d+:policy\/none was not found\./);
  });
});
