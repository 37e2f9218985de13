/**
 * The query-protocol codec against AWS's models: form parameters as boto3 and the SDKs serialize them, and
 * responses in the shapes the SDKs parse.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ServiceError } from '../../core/errors.js';
import { decodeInput, paramTree } from './decode.js';
import { encodeError, encodeResponse } from './encode.js';
import { loadModel } from './model.js';

const sts = loadModel('sts');
const iam = loadModel('iam');
const decode = (model: typeof sts, op: string, form: string) =>
  decodeInput(model, model.operations[op]!.input?.shape, paramTree(new URLSearchParams(form)));

const validation = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ServiceError);
    assert.equal(e.code, 'ValidationError');
    assert.equal(e.status, 400);
    return e.message;
  }
  assert.fail('expected a ValidationError');
};

test('AssumeRole: scalars, integers, lists of structures (member.N) and string lists', () => {
  const input = decode(
    sts,
    'AssumeRole',
    'RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s1&DurationSeconds=900' +
      '&Tags.member.1.Key=team&Tags.member.1.Value=blue&Tags.member.2.Key=env&Tags.member.2.Value=dev' +
      '&TransitiveTagKeys.member.1=team&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess',
  );
  assert.deepEqual(input, {
    RoleArn: 'arn:aws:iam::123456789012:role/r',
    RoleSessionName: 's1',
    DurationSeconds: 900,
    Tags: [
      { Key: 'team', Value: 'blue' },
      { Key: 'env', Value: 'dev' },
    ],
    TransitiveTagKeys: ['team'],
    PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
  });
});

test('an empty list is sent as a bare name and decodes to []', () => {
  const input = decode(iam, 'CreateRole', 'RoleName=r&AssumeRolePolicyDocument=%7B%7D&Tags=');
  assert.deepEqual(input.Tags, []);
});

test('constraints: AWS\'s wording, every violation at once', () => {
  const m = validation(() => decode(sts, 'AssumeRole', 'RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr&RoleSessionName=%21&DurationSeconds=100'));
  assert.equal(
    m,
    "3 validation errors detected: Value '!' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
      "Value '!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; " +
      "Value '100' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
  );
});

test('required members: Value null ... Member must not be null', () => {
  assert.equal(
    validation(() => decode(iam, 'CreateUser', '')),
    "1 validation error detected: Value null at 'userName' failed to satisfy constraint: Member must not be null",
  );
});

test('enums and numbers', () => {
  assert.match(validation(() => decode(iam, 'UpdateAccessKey', 'AccessKeyId=AKIAAAAAAAAAAAAAAAAA&Status=Paused')), /Member must satisfy enum value set: \[Active, Inactive(, Expired)?\]/);
  assert.match(validation(() => decode(sts, 'GetSessionToken', 'DurationSeconds=abc')), /Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be a number/);
});

test('sensitive values are never echoed in messages', () => {
  const m = validation(() => decode(iam, 'CreateLoginProfile', 'UserName=bob&Password='));
  assert.ok(m.includes("Value at 'password'"), m);
});

test('responses: wrapper, member order, lists as <member>, timestamps and blobs', () => {
  const op = iam.operations.ListUsers!;
  const xml = encodeResponse(iam, op, {
    Users: [{ Path: '/', UserName: 'a&b', UserId: 'AIDAX', Arn: 'arn:aws:iam::1:user/a&b', CreateDate: new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678)) }],
    IsTruncated: false,
  }, 'rid-1');
  assert.equal(
    xml,
    '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n' +
      '  <ListUsersResult><Users><member><Path>/</Path><UserName>a&amp;b</UserName><UserId>AIDAX</UserId><Arn>arn:aws:iam::1:user/a&amp;b</Arn><CreateDate>2026-01-02T03:04:05Z</CreateDate></member></Users><IsTruncated>false</IsTruncated></ListUsersResult>\n' +
      '  <ResponseMetadata>\n    <RequestId>rid-1</RequestId>\n  </ResponseMetadata>\n' +
      '</ListUsersResponse>\n',
  );
  const mfa = encodeResponse(iam, iam.operations.CreateVirtualMFADevice!, {
    VirtualMFADevice: { SerialNumber: 'arn:aws:iam::1:mfa/d', Base32StringSeed: Buffer.from('SEED'), QRCodePNG: Buffer.from([0x89, 0x50]) },
  }, 'r');
  assert.match(mfa, /<Base32StringSeed>U0VFRA==<\/Base32StringSeed><QRCodePNG>iVA=<\/QRCodePNG>/);
});

test('maps render as <entry><key/><value/></entry>', () => {
  const xml = encodeResponse(iam, iam.operations.GetAccountSummary!, { SummaryMap: { Users: 2, Groups: 0 } }, 'r');
  assert.match(xml, /<SummaryMap><entry><key>Users<\/key><value>2<\/value><\/entry><entry><key>Groups<\/key><value>0<\/value><\/entry><\/SummaryMap>/);
});

test('operations without output answer ResponseMetadata only', () => {
  const xml = encodeResponse(iam, iam.operations.DeleteUser!, undefined, 'r9');
  assert.equal(xml, '<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">\n  <ResponseMetadata>\n    <RequestId>r9</RequestId>\n  </ResponseMetadata>\n</DeleteUserResponse>\n');
});

test('errors render as <ErrorResponse> with Type, Code, Message and RequestId, escaped', () => {
  const xml = encodeError(sts.metadata.xmlNamespace, new ServiceError('AccessDenied', 'no <way> & "never"', 403), 'r2');
  assert.equal(
    xml,
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n    <Code>AccessDenied</Code>\n    <Message>no &lt;way&gt; &amp; &quot;never&quot;</Message>\n  </Error>\n  <RequestId>r2</RequestId>\n</ErrorResponse>\n',
  );
});
