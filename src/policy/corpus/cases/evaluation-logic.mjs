import { file, c, st, doc, allow, denyDoc, rpAllow, rpDeny, trustDoc, A, B, S, user, root, session, fedUser } from './lib.mjs';

file('evaluation-logic');
const carlos = user('carlossalazar');
const carlosPolicy = doc(
  { Sid: 'AllowS3ListRead', Effect: 'Allow', Action: ['s3:GetBucketLocation', 's3:GetAccountPublicAccessBlock', 's3:ListAccessPoints', 's3:ListAllMyBuckets'], Resource: 'arn:aws:s3:::*' },
  { Sid: 'AllowS3Self', Effect: 'Allow', Action: 's3:*', Resource: ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar'] },
  { Sid: 'DenyS3Logs', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::*log*' },
);
const carlosNoSelf = doc(carlosPolicy.Statement[0], carlosPolicy.Statement[2]);
const carlosBucket = rpAllow({ AWS: `arn:aws:iam::${A}:user/carlossalazar` }, 's3:*', ['arn:aws:s3:::carlossalazar/*', 'arn:aws:s3:::carlossalazar']);
const EX = `${S.EVAL} / Example identity-based and resource-based policy evaluation`;
c('Carlos saves a file to carlossalazar-logs: DenyS3Logs applies', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carlossalazar-logs/file.txt', principal: carlos },
  { identity: [carlosPolicy] }, 'ExplicitDeny', 'identity-based');
c('Carlos saves a file to carlossalazar: identity and bucket policy both allow', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carlossalazar/file.txt', principal: carlos },
  { identity: [carlosPolicy], resource: carlosBucket }, 'Allow');
c('Only the bucket policy allows: still allowed within the account', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carlossalazar/file.txt', principal: carlos },
  { identity: [carlosNoSelf], resource: carlosBucket }, 'Allow', 'resource-based');
c('Only the identity-based policy allows: still allowed within the account', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carlossalazar/file.txt', principal: carlos },
  { identity: [carlosPolicy] }, 'Allow', 'identity-based');
c('AllowS3ListRead: GetBucketLocation on any bucket', EX,
  { action: 's3:GetBucketLocation', resource: 'arn:aws:s3:::some-bucket', principal: carlos },
  { identity: [carlosPolicy] }, 'Allow', 'identity-based');
c('DenyS3Logs overrides AllowS3ListRead for a bucket with log in its name', EX,
  { action: 's3:GetBucketLocation', resource: 'arn:aws:s3:::mylogbucket', principal: carlos },
  { identity: [carlosPolicy] }, 'ExplicitDeny', 'identity-based');
c('An action no statement allows is implicitly denied', EX,
  { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::some-bucket', principal: carlos },
  { identity: [carlosPolicy] }, 'ImplicitDeny', 'identity-based');
c('A deny in the bucket policy overrides the identity allow', `${S.EVAL}: an explicit deny in any policy overrides the allow`,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carlossalazar/file.txt', principal: carlos },
  { identity: [carlosPolicy], resource: rpDeny({ AWS: `arn:aws:iam::${A}:user/carlossalazar` }, 's3:PutObject', 'arn:aws:s3:::carlossalazar/*') }, 'ExplicitDeny', 'resource-based');
c('The bucket policy names only carlossalazar: another user gets nothing from it', EX,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::carlossalazar/file.txt', principal: user('maria') },
  { identity: [], resource: carlosBucket }, 'ImplicitDeny', 'identity-based');

const EXPL = `${S.EVAL} / The difference between explicit and implicit denies`;
const getList = doc(
  { Sid: 'AllowGetList', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' },
  { Sid: 'DenyReports', Effect: 'Deny', Action: 'iam:*Report', Resource: '*' },
);
const me = user();
c('AllowGetList allows iam:GetUser', EXPL, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/x`, principal: me }, { identity: [getList] }, 'Allow', 'identity-based');
c('AllowGetList allows iam:ListUsers', EXPL, { action: 'iam:ListUsers', resource: `arn:aws:iam::${A}:user/`, principal: me }, { identity: [getList] }, 'Allow', 'identity-based');
c('iam:CreatePolicy is implicitly denied', EXPL, { action: 'iam:CreatePolicy', resource: `arn:aws:iam::${A}:policy/p`, principal: me }, { identity: [getList] }, 'ImplicitDeny', 'identity-based');
c('DenyReports explicitly denies iam:GetOrganizationsAccessReport', EXPL, { action: 'iam:GetOrganizationsAccessReport', resource: '*', principal: me }, { identity: [getList] }, 'ExplicitDeny', 'identity-based');
c('iam:GenerateCredentialReport stays denied when another policy allows it', EXPL,
  { action: 'iam:GenerateCredentialReport', resource: '*', principal: me }, { identity: [getList, allow('iam:GenerateCredentialReport')] }, 'ExplicitDeny', 'identity-based');
c('Action names are case-insensitive (IAM:getuser)', `${S.ACT}: the prefix and the action name are case insensitive`,
  { action: 'IAM:getuser', resource: `arn:aws:iam::${A}:user/x`, principal: me }, { identity: [getList] }, 'Allow', 'identity-based');
c('No policies at all: implicit deny', `${S.DENYALLOW}: by default, all requests are implicitly denied`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: me }, { identity: [] }, 'ImplicitDeny', 'identity-based');

const ROOT = `${S.DENYALLOW}: all requests are implicitly denied with the exception of the AWS account root user, which has full access`;
c('The root user needs no policy in its own account', ROOT, { action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, principal: root() }, { identity: [] }, 'Allow', 'identity-based');
c('The root user is still bound by an explicit deny in a resource-based policy', `${S.DENYALLOW}: an explicit deny in any policy overrides any allows`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: root() }, { identity: [], resource: rpDeny('*', 's3:*', 'arn:aws:s3:::b/*') }, 'ExplicitDeny', 'resource-based');
c('The root user of another account needs the resource-based policy', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: root(B), resourceAccountId: A }, { identity: [] }, 'ImplicitDeny', 'resource-based');
c('The root user of another account, named by account id in the bucket policy', S.CROSS,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: root(B), resourceAccountId: A }, { identity: [], resource: rpAllow({ AWS: B }, 's3:GetObject', 'arn:aws:s3:::b/*') }, 'Allow', 'resource-based');

const BI = `${S.EVAL} / Evaluating identity-based policies with permissions boundaries: the intersection`;
c('Boundary and identity policy both allow', BI, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: me },
  { identity: [allow('s3:*')], boundary: allow('s3:GetObject') }, 'Allow', 'identity-based');
c('Identity allows, boundary does not', BI, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', principal: me },
  { identity: [allow('s3:*')], boundary: allow('s3:GetObject') }, 'ImplicitDeny', 'permissions boundary');
c('Boundary allows, identity does not: a boundary grants nothing', `${S.BOUND}: a boundary does not grant permissions on its own`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: me }, { identity: [], boundary: allowAllDoc() }, 'ImplicitDeny', 'identity-based');
c('Explicit deny in the boundary', S.BOUND, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k', principal: me },
  { identity: [allow('s3:*')], boundary: doc(st('Allow', '*', '*'), st('Deny', 's3:Delete*', '*')) }, 'ExplicitDeny', 'permissions boundary');
const shirleyBoundary = doc(st('Allow', ['s3:*', 'cloudwatch:*', 'ec2:*'], '*'));
c('ShirleyRodriguez: boundary S3/CloudWatch/EC2, identity iam:CreateUser → denied', `${S.BOUND} (example: ShirleyRodriguez)`,
  { action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x`, principal: user('ShirleyRodriguez') },
  { identity: [allow('iam:CreateUser')], boundary: shirleyBoundary }, 'ImplicitDeny', 'permissions boundary');
c('ShirleyRodriguez: EC2 allowed by both', `${S.BOUND} (example: ShirleyRodriguez)`,
  { action: 'ec2:DescribeInstances', resource: '*', principal: user('ShirleyRodriguez') },
  { identity: [allow('ec2:*')], boundary: shirleyBoundary }, 'Allow', 'identity-based');

const SE = `${S.DENYALLOW} / Session policies`;
const rs = session();
c('Role session: session policy narrows the role (allowed part)', SE, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: rs },
  { identity: [allow('s3:*')], session: [allow('s3:GetObject')] }, 'Allow', 'identity-based');
c('Role session: session policy narrows the role (denied part)', SE, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', principal: rs },
  { identity: [allow('s3:*')], session: [allow('s3:GetObject')] }, 'ImplicitDeny', 'session');
c('Role session without session policy has the role permissions', `${SE}: if there is no session policy ... role session → Allow`,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', principal: rs }, { identity: [allow('s3:*')] }, 'Allow', 'identity-based');
c('Federated user session without session policy: implicit deny', `${SE}: no session policy and not a role session → Deny`,
  { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', principal: fedUser() }, { identity: [allow('s3:*')] }, 'ImplicitDeny', 'session');
c('Federated user session with a session policy', SE, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', principal: fedUser() },
  { identity: [allow('s3:*')], session: [allow('s3:Put*')] }, 'Allow', 'identity-based');
c('Session policy cannot grant more than the role', `${S.SESS}: you cannot use session policies to grant more permissions than the identity-based policy`,
  { action: 'iam:ListUsers', resource: '*', principal: rs }, { identity: [allow('s3:*')], session: [allowAllDoc()] }, 'ImplicitDeny', 'identity-based');
c('Explicit deny in a session policy', SE, { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k', principal: rs },
  { identity: [allow('s3:*')], session: [doc(st('Allow', '*', '*'), st('Deny', 's3:DeleteObject', '*'))] }, 'ExplicitDeny', 'session');
c('Inline and managed session policies together: either may allow', S.SESS, { action: 's3:PutObject', resource: 'arn:aws:s3:::b/k', principal: rs },
  { identity: [allow('s3:*')], session: [allow('s3:GetObject'), allow('s3:PutObject')] }, 'Allow', 'identity-based');
c('Boundary, session policy and identity policy must all allow', `${S.EVAL} / Evaluating policies within a single account`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: rs },
  { identity: [allow('s3:*')], boundary: allow('s3:Get*'), session: [allow('s3:GetObject')] }, 'Allow', 'identity-based');

// The table "Resource-based policies and implicit denies in other policy types (same account)".
const bucket = 'arn:aws:s3:::shared/k';
const rpFor = (arn) => rpAllow({ AWS: arn }, 's3:GetObject', 'arn:aws:s3:::shared/*');
const noS3 = allow('ec2:*');
c('IAM role ARN in the bucket policy: the session is allowed without identity allow', `${S.RBP}: IAM role`,
  { action: 's3:GetObject', resource: bucket, principal: rs }, { identity: [noS3], resource: rpFor(rs.roleArn) }, 'Allow', 'resource-based');
c('IAM role ARN: limited by an implicit deny in the permissions boundary', `${S.RBP}: IAM role`,
  { action: 's3:GetObject', resource: bucket, principal: rs }, { identity: [noS3], resource: rpFor(rs.roleArn), boundary: noS3 }, 'ImplicitDeny', 'permissions boundary');
c('IAM role ARN: limited by an implicit deny in the session policy', `${S.RBP}: IAM role`,
  { action: 's3:GetObject', resource: bucket, principal: rs }, { identity: [noS3], resource: rpFor(rs.roleArn), session: [noS3] }, 'ImplicitDeny', 'session');
c('IAM role ARN: boundary and session policy allow, identity does not', `${S.RBP}: IAM role`,
  { action: 's3:GetObject', resource: bucket, principal: rs }, { identity: [noS3], resource: rpFor(rs.roleArn), boundary: allow('s3:*'), session: [allow('s3:*')] }, 'Allow', 'resource-based');
c('Role session ARN: not limited by identity, boundary or session policy', `${S.RBP}: IAM role session`,
  { action: 's3:GetObject', resource: bucket, principal: rs }, { identity: [noS3], resource: rpFor(rs.arn), boundary: noS3, session: [noS3] }, 'Allow', 'resource-based');
c('Role session ARN of another session does not match this one', `${S.RBP}: IAM role session`,
  { action: 's3:GetObject', resource: bucket, principal: session('R', 'other') }, { identity: [noS3], resource: rpFor(rs.arn) }, 'ImplicitDeny', 'identity-based');
c('IAM user ARN: not limited by identity-based policy or boundary', `${S.RBP}: IAM user`,
  { action: 's3:GetObject', resource: bucket, principal: me }, { identity: [noS3], resource: rpFor(me.arn), boundary: noS3 }, 'Allow', 'resource-based');
c('Federated user session ARN: not limited by the session policy', `${S.RBP}: IAM federated user sessions`,
  { action: 's3:GetObject', resource: bucket, principal: fedUser() }, { identity: [noS3], resource: rpFor(fedUser().arn), session: [noS3] }, 'Allow', 'resource-based');
c('ARN of the IAM user who federated: limited by the session policy', `${S.RBP}: IAM federated user sessions (ARN of the IAM user who federated)`,
  { action: 's3:GetObject', resource: bucket, principal: fedUser() }, { identity: [noS3], resource: rpFor(fedUser().userArn), session: [noS3] }, 'ImplicitDeny', 'session');
c('ARN of the IAM user who federated: limited by the boundary', `${S.RBP}: IAM federated user sessions (ARN of the IAM user who federated)`,
  { action: 's3:GetObject', resource: bucket, principal: fedUser() }, { identity: [noS3], resource: rpFor(fedUser().userArn), session: [allow('s3:*')], boundary: noS3 }, 'ImplicitDeny', 'permissions boundary');
c('ARN of the IAM user who federated: session policy allows, no identity allow needed', `${S.RBP}: IAM federated user sessions`,
  { action: 's3:GetObject', resource: bucket, principal: fedUser() }, { identity: [noS3], resource: rpFor(fedUser().userArn), session: [allow('s3:*')] }, 'Allow', 'resource-based');
c('Account principal in the same account: the identity side must allow', `${S.PRIN}: AWS account principals (delegation to the account)`,
  { action: 's3:GetObject', resource: bucket, principal: me }, { identity: [noS3], resource: rpFor(A) }, 'ImplicitDeny', 'identity-based');
c('Account principal (root ARN) in the same account with identity allow', `${S.PRIN}: AWS account principals`,
  { action: 's3:GetObject', resource: bucket, principal: me }, { identity: [allow('s3:GetObject')], resource: rpFor(`arn:aws:iam::${A}:root`) }, 'Allow', 'identity-based');

// Role trust policies are an exception: they must allow the principal themselves.
const TR = `${S.DENYALLOW}: IAM role trust policies ... must explicitly allow access for principals`;
const role = `arn:aws:iam::${A}:role/R`;
c('Trust policy names the user: AssumeRole allowed within the account', TR,
  { action: 'sts:AssumeRole', resource: role, principal: me }, { identity: [], trust: trustDoc({ AWS: me.arn }) }, 'Allow', 'resource-based');
c('Trust policy does not name the caller: identity allow is not enough', TR,
  { action: 'sts:AssumeRole', resource: role, principal: me }, { identity: [allow('sts:AssumeRole', role)], trust: trustDoc({ AWS: user('maria').arn }) }, 'ImplicitDeny', 'resource-based');
c('Trust policy names the account: the caller needs an identity allow', TR,
  { action: 'sts:AssumeRole', resource: role, principal: me }, { identity: [], trust: trustDoc({ AWS: A }) }, 'ImplicitDeny', 'identity-based');
c('Trust policy names the account and the caller has an identity allow', TR,
  { action: 'sts:AssumeRole', resource: role, principal: me }, { identity: [allow('sts:AssumeRole', role)], trust: trustDoc({ AWS: A }) }, 'Allow', 'resource-based');
c('Cross-account AssumeRole: trust names the account, caller allowed by its identity policy', S.CROSS,
  { action: 'sts:AssumeRole', resource: role, principal: user('dev', B), resourceAccountId: A }, { identity: [allow('sts:AssumeRole', role)], trust: trustDoc({ AWS: B }) }, 'Allow', 'resource-based');
c('Cross-account AssumeRole: trust names the user but the user has no identity allow', S.CROSS,
  { action: 'sts:AssumeRole', resource: role, principal: user('dev', B), resourceAccountId: A }, { identity: [], trust: trustDoc({ AWS: user('dev', B).arn }) }, 'ImplicitDeny', 'identity-based');
c('Trust policy with a Deny for the caller', TR,
  { action: 'sts:AssumeRole', resource: role, principal: me }, { identity: [allow('sts:AssumeRole')], trust: doc({ Effect: 'Allow', Principal: { AWS: A }, Action: 'sts:AssumeRole' }, { Effect: 'Deny', Principal: { AWS: me.arn }, Action: 'sts:AssumeRole' }) }, 'ExplicitDeny', 'resource-based');
c('Trust policy for a service', `${S.PRIN}: AWS service principals`,
  { action: 'sts:AssumeRole', resource: role, principal: { type: 'service', arn: 'ec2.amazonaws.com' } }, { identity: [], trust: trustDoc({ Service: 'ec2.amazonaws.com' }) }, 'Allow', 'resource-based');
c('Trust policy for another service does not match', `${S.PRIN}: AWS service principals`,
  { action: 'sts:AssumeRole', resource: role, principal: { type: 'service', arn: 'lambda.amazonaws.com' } }, { identity: [], trust: trustDoc({ Service: 'ec2.amazonaws.com' }) }, 'ImplicitDeny', 'resource-based');

function allowAllDoc() {
  return doc(st('Allow', '*', '*'));
}
