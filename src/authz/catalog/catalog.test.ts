/**
 * Every operation the server declares names only actions and condition keys that AWS's action catalog
 * knows: each operation of the registry (IAM, STS, S3) is prepared and asked for its checks and probes with
 * a synthetic input (built from AWS's model: required members filled with
 * sample values of their shape type) as the root user of 123456789012, against a real in-memory server whose
 * store holds the sample user, role, group, policy, access key and bucket the inputs name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { Caller } from '../../auth/caller.js';
import { ServiceError } from '../../core/errors.js';
import { loadModel, type ServiceModel, type Shape } from '../../protocol/query/model.js';
import { startServer, type RunningServer } from '../../server/app.js';
import { resolveConfig } from '../../server/config.js';
import type { AnyOperation, AuthzCheck, OperationContext } from '../../services/operation.js';
import { operations } from '../../services/registry.js';
import type { S3OperationContext, S3Request } from '../../services/s3/operation.js';
import { buildRequestContext } from '../context.js';
import { actionInfo, conditionKeyType, isGlobalConditionKey, isKnownAction, isKnownConditionKey } from './index.js';
import { unknownActions } from './unknownActions.js';

const ACCT = '123456789012';
const ROOT = { accessKeyId: 'AKIACATALOGTEST00001', secretAccessKey: 'catalogTestRootSecret/abcdefghijklmnopqrs' };
const NAME = 'sample';
const BUCKET = 'sample-bucket';
const DOC = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' }] });
const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCT}:root` }, Action: 'sts:AssumeRole' }] });

let srv: RunningServer;
let accessKeyId = 'AKIAEXAMPLEEXAMPLE00';

const rootCaller: Caller = { type: 'root', accountId: ACCT, arn: `arn:aws:iam::${ACCT}:root`, userId: ACCT };

/** Some operations refuse the root user (AssumeRole): they are asked again as the sample IAM user. */
const userCaller: Caller = { type: 'user', accountId: ACCT, arn: `arn:aws:iam::${ACCT}:user/${NAME}`, userId: 'AIDASAMPLEUSER0000000', userName: NAME };

function opContext(caller: Caller = rootCaller): OperationContext {
  const now = Date.now();
  return {
    deps: srv.deps,
    caller,
    requestId: 'catalog-test',
    context: buildRequestContext(caller, { now, sourceIp: '127.0.0.1', secureTransport: false, region: 'us-east-1' }),
    now,
    sourceIp: '127.0.0.1',
    region: 'us-east-1',
    allowed: () => true,
  };
}

/** A sample value for a member, by name first (ARNs, documents, ids need a form), then by shape type. */
function sampleOf(model: ServiceModel, memberName: string, shapeName: string, depth = 0): unknown {
  const shape: Shape = model.shapes[shapeName]!;
  const n = memberName.toLowerCase();
  if (shape.type === 'string') {
    if (shape.enum?.length) return shape.enum[0];
    if (n.endsWith('policydocument') || n === 'policy' || n === 'policyinputlist' || n === 'resourcepolicy') return n.includes('assumerole') ? TRUST : DOC;
    if (n === 'permissionsboundary' || n === 'policyarn') return `arn:aws:iam::${ACCT}:policy/${NAME}`;
    if (n === 'rolearn') return `arn:aws:iam::${ACCT}:role/${NAME}`;
    if (n === 'policysourcearn') return `arn:aws:iam::${ACCT}:user/${NAME}`;
    if (n === 'serialnumber') return `arn:aws:iam::${ACCT}:mfa/${NAME}`;
    if (n === 'principalarn' || n === 'samlproviderarn' || n === 'openidconnectproviderarn') return `arn:aws:iam::${ACCT}:saml-provider/${NAME}`;
    if (n.endsWith('arn')) return `arn:aws:iam::${ACCT}:${NAME}/${NAME}`;
    if (n === 'accesskeyid') return accessKeyId;
    if (n === 'tokencode' || n === 'authenticationcode1' || n === 'authenticationcode2') return '123456';
    if (n === 'versionid') return 'v1';
    if (n === 'path' || n === 'pathprefix') return '/';
    if (n === 'password' || n === 'newpassword' || n === 'oldpassword') return 'Sample-Password-123';
    if (n === 'encodedmessage') return 'x'.repeat(shape.min ?? 1);
    if (n === 'samlassertion' || n === 'webidentitytoken') return 'x'.repeat(Math.max(4, shape.min ?? 4));
    const base = NAME.padEnd(shape.min ?? 0, 'x');
    return shape.max !== undefined && base.length > shape.max ? base.slice(0, shape.max) : base;
  }
  if (shape.type === 'integer' || shape.type === 'long') {
    if (n === 'durationseconds') return 3600;
    return shape.min ?? 1;
  }
  if (shape.type === 'double' || shape.type === 'float') return shape.min ?? 1;
  if (shape.type === 'boolean') return false;
  if (shape.type === 'timestamp') return Date.now();
  if (shape.type === 'blob') return Buffer.from('sample');
  if (shape.type === 'list') return depth > 4 ? [] : [sampleOf(model, memberName.replace(/s$/, ''), shape.member!.shape, depth + 1)];
  if (shape.type === 'map') return {};
  if (shape.type === 'structure') {
    const out: Record<string, unknown> = {};
    for (const m of shape.required ?? []) out[m] = sampleOf(model, m, shape.members![m]!.shape, depth + 1);
    // An operation's own optional target (DeleteLoginProfile's UserName, ...) is named as a caller would.
    if (depth === 0) for (const m of ['UserName', 'RoleName', 'GroupName']) if (shape.members?.[m] && !(m in out)) out[m] = NAME;
    return out;
  }
  return undefined;
}

function syntheticInput(service: 'iam' | 'sts', name: string): Record<string, unknown> {
  const model = loadModel(service);
  const op = model.operations[name];
  if (!op?.input) return {};
  return sampleOf(model, name, op.input.shape) as Record<string, unknown>;
}

/** What is wrong with one declared check, or [] when the catalog knows its action and keys. */
export function catalogProblems(check: AuthzCheck): string[] {
  const out: string[] = [];
  if (!isKnownAction(check.action)) out.push(`unknown action ${check.action}`);
  for (const key of Object.keys(check.context ?? {})) {
    if (!isKnownConditionKey(key, check.action)) out.push(`condition key ${key} is neither global nor supported by ${check.action}`);
  }
  return out;
}

interface Outcome {
  checks: AuthzCheck[];
  refused?: string;
}

/** authorize's checks; a ServiceError thrown for the synthetic input is reported, anything else fails. */
async function checksOf(run: () => AuthzCheck[] | Promise<AuthzCheck[]>): Promise<Outcome> {
  try {
    return { checks: await run() };
  } catch (e) {
    if (e instanceof ServiceError) return { checks: [], refused: `${e.code}: ${e.message}` };
    throw e;
  }
}

before(async () => {
  srv = await startServer(
    resolveConfig({ memory: true, port: '0', accountId: ACCT, rootAccessKeyId: ROOT.accessKeyId, rootSecretAccessKey: ROOT.secretAccessKey, log: 'off' }, {}),
  );
  const cfg = { endpoint: srv.url, region: 'us-east-1', credentials: ROOT, maxAttempts: 1 };
  const iam = new IAMClient(cfg);
  await iam.send(new CreateUserCommand({ UserName: NAME }));
  await iam.send(new CreateGroupCommand({ GroupName: NAME })).catch(() => undefined); // groups may not have landed
  await iam.send(new CreateRoleCommand({ RoleName: NAME, AssumeRolePolicyDocument: TRUST })).catch(() => undefined);
  await iam.send(new CreatePolicyCommand({ PolicyName: NAME, PolicyDocument: DOC }));
  accessKeyId = (await iam.send(new CreateAccessKeyCommand({ UserName: NAME }))).AccessKey!.AccessKeyId!;
  await new S3Client({ ...cfg, forcePathStyle: true }).send(new CreateBucketCommand({ Bucket: BUCKET }));
});
after(async () => {
  await srv?.close();
});

describe('the catalog itself', () => {
  test('knows the actions and keys of the pages it was built from', () => {
    assert.equal(isKnownAction('iam:CreateUser'), true);
    assert.equal(isKnownAction('IAM:createuser'), true, 'action names are case-insensitive');
    assert.equal(isKnownAction('sts:AssumeRole'), true);
    assert.equal(isKnownAction('s3:ListAllMyBuckets'), true);
    assert.equal(isKnownAction('s3:ListObjectsV2'), false, 'an API name is not an action (ListObjectsV2 is s3:ListBucket)');
    assert.equal(actionInfo('iam:PassRole')?.permissionOnly, true);
    assert.deepEqual(actionInfo('s3:GetObject')?.resourceTypes.map((r) => [r.name, r.required]), [['object', true]]);
    assert.equal(actionInfo('s3:GetObject')?.resourceTypes[0]?.arn, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
    assert.equal(conditionKeyType('aws:MultiFactorAuthPresent'), 'Bool');
    assert.equal(conditionKeyType('aws:SourceIp'), 'IPAddress');
    assert.equal(conditionKeyType('aws:PrincipalTag/team'), 'String');
    assert.equal(conditionKeyType('s3:max-keys'), 'Numeric');
    assert.equal(conditionKeyType('s3:ExistingObjectTag/color'), 'String');
    assert.equal(conditionKeyType('sts:TransitiveTagKeys'), 'ArrayOfString');
    assert.equal(conditionKeyType('iam:PolicyARN'), 'ARN');
    assert.equal(conditionKeyType('s3:nope'), undefined);
    assert.equal(isGlobalConditionKey('aws:RequestTag/Project'), true);
    assert.equal(isKnownConditionKey('s3:prefix', 's3:ListBucket'), true);
    assert.equal(isKnownConditionKey('s3:prefix', 's3:GetObject'), false);
    assert.equal(isKnownConditionKey('sts:ExternalId', 'sts:AssumeRole'), true);
    assert.equal(isKnownConditionKey('aws:username', 's3:GetObject'), true, 'global keys go with every action');
    assert.equal(isKnownConditionKey('s3:prefix'), true);
  });

  test('unknownActions lists only entries that match no catalogued action', () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:Get*', 'iam:CreateUser', 's3:GetObjekt', '*', 'ec2:RunInstances'], Resource: '*' },
        { Effect: 'Deny', NotAction: 'sts:Assume*', Resource: '*' },
        { Effect: 'Deny', Action: 'iam:Frobnicate*', Resource: '*' },
      ],
    });
    assert.deepEqual(unknownActions(policy), ['s3:GetObjekt', 'iam:Frobnicate*']);
    assert.deepEqual(unknownActions('not json'), []);
  });

  test('the checker fails an operation that declares an unknown action or key', () => {
    assert.deepEqual(catalogProblems({ action: 'iam:FrobnicateUser', resource: '*' }), ['unknown action iam:FrobnicateUser']);
    assert.deepEqual(catalogProblems({ action: 's3:GetObject', resource: '*', context: { 's3:prefix': 'a/' } }), [
      'condition key s3:prefix is neither global nor supported by s3:GetObject',
    ]);
    assert.deepEqual(catalogProblems({ action: 'sts:AssumeRole', resource: '*', context: { 'sts:ExternalId': 'x', 'aws:RequestTag/a': 'b' } }), []);
  });
});

/** An operation's checks and probes for one input: prepare, then the pure checks and probes. */
async function declaredChecks(op: AnyOperation, input: unknown, ctx: OperationContext): Promise<AuthzCheck[]> {
  const prepared = op.prepare ? await op.prepare(input, ctx) : undefined;
  return [...op.checks(input, ctx, prepared), ...Object.values(op.probes?.(input, ctx, prepared) ?? {})];
}

describe('every query-protocol operation (IAM, STS) declares catalogued actions and keys', () => {
  const ops = operations.all().filter((op) => op.service === 'iam' || op.service === 'sts');
  test('the registry is not empty', () => assert.ok(ops.length > 0));
  for (const op of ops) {
    test(`${op.service}:${op.name}`, async (t) => {
      const input = syntheticInput(op.service as 'iam' | 'sts', op.name);
      let { checks, refused } = await checksOf(() => declaredChecks(op, input, opContext()));
      if (refused) ({ checks, refused } = await checksOf(() => declaredChecks(op, input, opContext(userCaller))));
      if (refused) t.diagnostic(`prepare refused the synthetic input (${refused}); its checks were not examined`);
      for (const c of checks) assert.deepEqual(catalogProblems(c), [], `${op.service}:${op.name} → ${c.action}`);
    });
  }
});

describe('every S3 operation declares catalogued actions and keys', () => {
  const bodies: Record<string, string> = {
    DeleteObjects: '<Delete><Object><Key>k</Key></Object></Delete>',
    CompleteMultipartUpload: '<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"e"</ETag></Part></CompleteMultipartUpload>',
    PutBucketPolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${BUCKET}/*` }] }),
  };
  const headers: Record<string, string> = {
    'x-amz-copy-source': `/${BUCKET}/source-key`,
    'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==',
  };
  function request(name: string): S3Request {
    const body = Buffer.from(bodies[name] ?? '');
    return {
      method: 'GET',
      bucket: name === 'ListBuckets' ? '' : BUCKET,
      key: 'sample-key',
      query: new URLSearchParams(name === 'UploadPart' ? { uploadId: 'upload', partNumber: '1' } : { uploadId: 'upload' }),
      header: (h) => headers[h.toLowerCase()],
      rawHeaders: [],
      body: { readAll: async () => body } as unknown as S3Request['body'],
      virtualHost: false,
    };
  }
  const ops = operations.all().filter((op) => op.service === 's3');
  test('the S3 operations are registered', () => assert.ok(ops.length > 0));
  for (const op of ops) {
    test(`s3 ${op.name}`, async (t) => {
      const req = request(op.name);
      const ctx: S3OperationContext = { ...opContext(), blobs: undefined as never, space: undefined as never, request: req };
      const { checks, refused } = await checksOf(async () => declaredChecks(op, await op.decode!(req), ctx));
      if (refused) t.diagnostic(`decode/prepare refused the synthetic request (${refused}); its checks were not examined`);
      for (const c of checks) assert.deepEqual(catalogProblems(c), [], `s3 ${op.name} → ${c.action}`);
    });
  }
});
