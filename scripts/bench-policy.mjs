#!/usr/bin/env node
// Policy-engine benchmark: `npx tsc -p . && node scripts/bench-policy.mjs`.
// Prints decisions/s for a simple policy, p50/p99 latency for a heavy principal (10 policies × 20
// statements + boundary + session policy + bucket policy), and the ratio against a naive baseline
// that parses the JSON documents on every request (no compile-once).
import { parsePolicy, evaluate, createContext } from '../dist/src/policy/index.js';

const A = '111122223333';
const principal = { type: 'assumed-role', arn: `arn:aws:sts::${A}:assumed-role/App/s1`, roleArn: `arn:aws:iam::${A}:role/App`, accountId: A };
const ctx = createContext({
  'aws:username': 'bob',
  'aws:userid': 'AROAEXAMPLE:s1',
  'aws:SourceIp': '10.1.2.3',
  'aws:SecureTransport': 'true',
  'aws:CurrentTime': '2026-01-01T00:00:00Z',
  'aws:PrincipalTag/team': 'blue',
  's3:prefix': 'home/bob/',
});

// ---- simple ----
const simpleDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] });
const simple = { policy: parsePolicy(simpleDoc, 'identity'), source: { type: 'identity-based', id: 'simple' } };
const simpleReq = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k.txt', principal, context: ctx, identityPolicies: [simple] };

// ---- heavy ----
const services = ['ec2', 'sqs', 'sns', 'dynamodb', 'lambda', 'kms', 'iam', 'logs', 'cloudwatch', 's3'];
const verbs = ['Get', 'List', 'Describe', 'Put', 'Delete', 'Create', 'Update', 'Tag'];
function statement(p, i) {
  const svc = services[(p + i) % services.length];
  const s = { Effect: i % 7 === 6 ? 'Deny' : 'Allow', Action: [`${svc}:${verbs[i % verbs.length]}*`, `${svc}:${verbs[(i + 3) % verbs.length]}Thing${i}`], Resource: `arn:aws:${svc}:*:${A}:thing/${p}-${i}/*` };
  if (svc === 's3') s.Resource = `arn:aws:s3:::bucket-${p}-${i}/*`;
  if (i % 3 === 0) s.Condition = { StringEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
  if (i % 5 === 0) s.Resource = `arn:aws:${svc}:*:${A}:thing/\${aws:username}/*`;
  // IAM's ARNs have no region and name a resource type the grammar knows.
  if (svc === 'iam') s.Resource = i % 5 === 0 ? `arn:aws:iam::${A}:user/\${aws:username}/*` : `arn:aws:iam::${A}:role/${p}-${i}/*`;
  return s;
}
const docs = [];
for (let p = 0; p < 10; p++) docs.push(JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 20 }, (_, i) => statement(p, i)) }));
// the statement that finally allows the request
const grantDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/home/${aws:username}/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }] });
docs[9] = JSON.stringify({ Version: '2012-10-17', Statement: [...JSON.parse(docs[9]).Statement.slice(0, 19), JSON.parse(grantDoc).Statement[0]] });
const boundaryDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'sqs:*', 'dynamodb:*'], Resource: '*' }, { Effect: 'Deny', Action: 'iam:*', Resource: '*' }] });
const sessionDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::data/*', Condition: { DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } } }] });
const bucketDoc = JSON.stringify({ Version: '2012-10-17', Statement: [
  { Sid: 'DenyInsecure', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::data/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
  { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '444455556666' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/shared/*' },
] });

function heavyRequest(parse) {
  return {
    action: 's3:GetObject',
    resource: 'arn:aws:s3:::data/home/bob/report.csv',
    principal,
    context: ctx,
    identityPolicies: docs.map((d, i) => ({ policy: parse(d, 'identity'), source: { type: 'identity-based', id: `p${i}` } })),
    permissionsBoundary: { policy: parse(boundaryDoc, 'boundary'), source: { type: 'permissions boundary', id: 'b' } },
    sessionPolicies: [{ policy: parse(sessionDoc, 'session'), source: { type: 'session', id: 's' } }],
    resourcePolicy: { policy: parse(bucketDoc, 'resource'), source: { type: 'resource-based', id: 'bucket' } },
  };
}
const heavy = heavyRequest(parsePolicy);
const check = evaluate(heavy);
if (check.effect !== 'Allow') throw new Error(`heavy request should be allowed: ${JSON.stringify(check)}`);

function throughput(fn, seconds = 1.5) {
  for (let i = 0; i < 20000; i++) fn(); // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

function latencies(fn, samples = 200000) {
  for (let i = 0; i < 20000; i++) fn();
  const t = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const a = process.hrtime.bigint();
    fn();
    t[i] = Number(process.hrtime.bigint() - a) / 1000;
  }
  t.sort();
  return { p50: t[Math.floor(samples * 0.5)], p99: t[Math.floor(samples * 0.99)] };
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const simpleRate = throughput(() => evaluate(simpleReq));
console.log(`simple policy:        ${fmt(simpleRate)} decisions/s`);
const heavyRate = throughput(() => evaluate(heavy));
const lat = latencies(() => evaluate(heavy));
console.log(`heavy principal:      ${fmt(heavyRate)} decisions/s, p50 ${lat.p50.toFixed(2)} µs, p99 ${lat.p99.toFixed(2)} µs`);
// Naive baseline: the same decision, parsing every document per request (no compile-once).
const naiveRate = throughput(() => evaluate(heavyRequest(parsePolicy)), 1.5);
console.log(`naive (parse per request): ${fmt(naiveRate)} decisions/s`);
console.log(`compiled / naive:     ${(heavyRate / naiveRate).toFixed(1)}×`);
const simpleNaive = throughput(() => evaluate({ ...simpleReq, identityPolicies: [{ policy: parsePolicy(simpleDoc, 'identity'), source: simple.source }] }));
console.log(`simple naive:         ${fmt(simpleNaive)} decisions/s (compiled ${(simpleRate / simpleNaive).toFixed(1)}×)`);

// ---- ABAC through the authorizer (authz/authorize.ts decide): the request context of every global key, the
// principal's own tags (aws:PrincipalTag, from the policy provider) and the target's tags (aws:ResourceTag /
// iam:ResourceTag, from the check), merged per check as a request is decided.
const { Authorizer } = await import('../dist/src/authz/authorize.js');
const authorizer = new Authorizer();
const caller = { type: 'user', accountId: A, arn: `arn:aws:iam::${A}:user/bob`, userId: 'AIDAEXAMPLEBOB', userName: 'bob' };
const requestContext = {
  'aws:CurrentTime': '2026-01-01T00:00:00Z',
  'aws:EpochTime': '1767225600',
  'aws:SecureTransport': 'true',
  'aws:SourceIp': '10.1.2.3',
  'aws:RequestedRegion': 'us-east-1',
  'aws:ViaAWSService': 'false',
  'aws:PrincipalArn': caller.arn,
  'aws:PrincipalAccount': A,
  'aws:PrincipalType': 'User',
  'aws:userid': caller.userId,
  'aws:username': 'bob',
};
const principalTags = { 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalTag/cost-center': '42', 'aws:PrincipalTag/project': 'atlas' };
const resourceTags = (team) => ({ 'aws:ResourceTag/team': team, 'iam:ResourceTag/team': team, 'aws:ResourceTag/project': 'atlas', 'iam:ResourceTag/project': 'atlas' });
const abacDoc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetRole', Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': '${aws:PrincipalTag/team}' } } }] });
const abacPolicies = { identity: [{ policy: parsePolicy(abacDoc, 'identity'), source: { type: 'identity-based', id: 'abac' } }], principalTags };
const abacCheck = { action: 'iam:GetRole', resource: `arn:aws:iam::${A}:role/app`, context: resourceTags('blue') };
if (authorizer.decide(caller, abacPolicies, abacCheck, requestContext).effect !== 'Allow') throw new Error('ABAC simple should allow');
if (authorizer.decide(caller, abacPolicies, { ...abacCheck, context: resourceTags('red') }, requestContext).effect === 'Allow') throw new Error('ABAC simple should deny red');
const abacRate = throughput(() => authorizer.decide(caller, abacPolicies, abacCheck, requestContext));
console.log(`ABAC simple (principal + resource tags, authorizer): ${fmt(abacRate)} decisions/s`);
const heavyAbac = {
  identity: heavy.identityPolicies.concat([{ policy: parsePolicy(abacDoc.replace('iam:GetRole', 's3:GetObject'), 'identity'), source: { type: 'identity-based', id: 'abac' } }]),
  boundary: heavy.permissionsBoundary,
  session: heavy.sessionPolicies,
  principalTags,
};
const heavyCheck = { action: 's3:GetObject', resource: 'arn:aws:s3:::data/home/bob/report.csv', context: resourceTags('blue') };
if (authorizer.decide(caller, heavyAbac, heavyCheck, requestContext).effect !== 'Allow') throw new Error('ABAC heavy should allow');
const heavyAbacRate = throughput(() => authorizer.decide(caller, heavyAbac, heavyCheck, requestContext));
const heavyAbacLat = latencies(() => authorizer.decide(caller, heavyAbac, heavyCheck, requestContext));
console.log(`ABAC heavy (authorizer): ${fmt(heavyAbacRate)} decisions/s, p50 ${heavyAbacLat.p50.toFixed(2)} µs, p99 ${heavyAbacLat.p99.toFixed(2)} µs`);
