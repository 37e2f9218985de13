import { file, c, doc, allow, rpAllow, rpDeny, A, B, S, user, session, root } from './lib.mjs';

file('cross-account');
const carlos = user('carlossalazar', A);
const carlosPolicy = doc(
  { Sid: 'AllowS3ListRead', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
  { Sid: 'AllowS3ProductionObjectActions', Effect: 'Allow', Action: 's3:*Object*', Resource: 'arn:aws:s3:::Production/*' },
  { Sid: 'DenyS3Logs', Effect: 'Deny', Action: 's3:*', Resource: ['arn:aws:s3:::*log*', 'arn:aws:s3:::*log*/*'] },
);
const production = rpAllow({ AWS: `arn:aws:iam::${A}:user/carlossalazar` }, ['s3:GetObject*', 's3:PutObject*', 's3:ReplicateObject', 's3:RestoreObject'], 'arn:aws:s3:::Production/*');
const EX = `${S.CROSS} / Example cross-account policy evaluation`;
c('Carlos saves to Production-logs in the other account: denied in his own account', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::Production-logs/file.txt', principal: carlos, resourceAccountId: B }, { identity: [carlosPolicy] }, 'ExplicitDeny', 'identity-based');
c('Carlos saves to Production: both accounts allow', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::Production/file.txt', principal: carlos, resourceAccountId: B }, { identity: [carlosPolicy], resource: production }, 'Allow', 'resource-based');
c('Carlos reads from Production: both accounts allow', EX,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: carlos, resourceAccountId: B }, { identity: [carlosPolicy], resource: production }, 'Allow', 'resource-based');
c('Carlos cannot delete objects: the bucket policy does not allow it', `${EX}: "He can create and edit, but not delete the objects"`,
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::Production/file.txt', principal: carlos, resourceAccountId: B }, { identity: [carlosPolicy], resource: production }, 'ImplicitDeny', 'resource-based');
c('Carlos cannot manage the bucket itself', `${EX}: "He can't manage the bucket itself"`,
  { action: 's3:PutBucketPolicy', resource: 'arn:aws:s3:::Production', principal: carlos, resourceAccountId: B }, { identity: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' })], resource: production }, 'ImplicitDeny', 'resource-based');
c('Bucket policy allows but the identity policy does not', `${S.CROSS}: both evaluations must return Allow`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [], resource: rpAllow({ AWS: `arn:aws:iam::${A}:user/maria` }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'ImplicitDeny', 'identity-based');
c('Identity policy allows but there is no resource-based policy', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:*')] }, 'ImplicitDeny', 'resource-based');
c('Bucket policy names the whole trusted account', `${S.CROSS}: you can specify the entire account`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], resource: rpAllow({ AWS: A }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'Allow', 'resource-based');
c('Bucket policy names the trusted account by root ARN', `${S.PRIN}: arn:aws:iam::123456789012:root`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: session('Dev', 'x', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], resource: rpAllow({ AWS: `arn:aws:iam::${A}:root` }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'Allow', 'resource-based');
c('Bucket policy names a different account', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], resource: rpAllow({ AWS: '999988887777' }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'ImplicitDeny', 'resource-based');
c('Bucket policy names the role; its session from the trusted account', `${S.CROSS}: you can specify ... IAM roles`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: session('Dev', 'x', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], resource: rpAllow({ AWS: `arn:aws:iam::${A}:role/Dev` }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'Allow', 'resource-based');
c('Cross-account: a session policy still limits the identity side', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: session('Dev', 'x', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], session: [allow('ec2:*')], resource: rpAllow({ AWS: `arn:aws:sts::${A}:assumed-role/Dev/x` }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'ImplicitDeny', 'session');
c('Cross-account: the boundary still limits the identity side', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], boundary: allow('ec2:*'), resource: rpAllow({ AWS: A }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'ImplicitDeny', 'permissions boundary');
c('Cross-account: a deny in the resource-based policy that does not match the object', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], resource: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: 'arn:aws:s3:::Production/*' }, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Production/secret*' }) }, 'Allow', 'resource-based');
current_secret();
function current_secret() {
  c('Cross-account: explicit deny in the resource-based policy (matching object)', S.CROSS,
    { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/secret.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:GetObject')], resource: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 's3:*', Resource: 'arn:aws:s3:::Production/*' }, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::Production/secret*' }) }, 'ExplicitDeny', 'resource-based');
}
c('Same account id given explicitly as resourceAccountId: single-account logic', S.DENYALLOW,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: user('maria', A), resourceAccountId: A }, { identity: [], resource: rpAllow({ AWS: `arn:aws:iam::${A}:user/maria` }, 's3:GetObject', 'arn:aws:s3:::b/*') }, 'Allow', 'resource-based');
c('Cross-account with an identity allow only on another bucket', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [allow('s3:GetObject', 'arn:aws:s3:::Other/*')], resource: rpAllow({ AWS: A }, 's3:GetObject', 'arn:aws:s3:::Production/*') }, 'ImplicitDeny', 'identity-based');
c('Cross-account root of the trusted account, bucket policy names the account', S.CROSS,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::Production/file.txt', principal: root(A), resourceAccountId: B }, { identity: [], resource: rpAllow({ AWS: A }, 's3:PutObject', 'arn:aws:s3:::Production/*') }, 'Allow', 'resource-based');
c('Cross-account: a deny in the caller identity policy wins over the bucket policy', S.CROSS,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::Production/file.txt', principal: user('maria', A), resourceAccountId: B }, { identity: [doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' })], resource: rpAllow({ AWS: A }, 's3:*', 'arn:aws:s3:::Production/*') }, 'ExplicitDeny', 'identity-based');
