import { file, c, doc, st, allow, A, S, user } from './lib.mjs';

file('matching');
const me = user();
const m = (name, source, pattern, action, holds) =>
  c(name, source, { action, resource: '*', principal: me }, { identity: [allow(pattern, '*')] }, holds ? 'Allow' : 'ImplicitDeny', 'identity-based');
const r = (name, source, pattern, resource, holds, action = 's3:GetObject') =>
  c(name, source, { action, resource, principal: me }, { identity: [allow(action, pattern)] }, holds ? 'Allow' : 'ImplicitDeny', 'identity-based');
const ACT = S.ACT;
m('Exact action', ACT, 's3:GetObject', 's3:GetObject', true);
m('Action prefix is case-insensitive', ACT, 'S3:GetObject', 's3:getobject', true);
m('Action name is case-insensitive', ACT, 'iam:listaccesskeys', 'IAM:ListAccessKeys', true);
m('Action wildcard suffix', ACT, 's3:Get*', 's3:GetObjectAcl', true);
m('Action wildcard does not cross services', ACT, 's3:Get*', 'ec2:GetConsoleOutput', false);
m('Action wildcard in the middle', ACT, 'iam:*AccessKey*', 'iam:UpdateAccessKey', true);
m('Action wildcard in the middle, no match', ACT, 'iam:*AccessKey*', 'iam:UpdateUser', false);
m('Action ? wildcard', ACT, 'ec2:Describe?pcs', 'ec2:DescribeVpcs', true);
m('Action ? wildcard needs one character', ACT, 'ec2:Describe?pcs', 'ec2:Describepcs', false);
m('Service wildcard s3:*', ACT, 's3:*', 's3:PutBucketPolicy', true);
m('Everything: *', ACT, '*', 'dynamodb:Scan', true);
m('Wildcard in the vendor', ACT, 's*:List*', 'sqs:ListQueues', true);
m('Action list', ACT, ['sqs:SendMessage', 'sqs:ReceiveMessage'], 'sqs:ReceiveMessage', true);
m('Different action', ACT, 's3:GetObject', 's3:GetObjectAcl', false);
const NA = `${S.ACT} (NotAction)`;
const notAction = (name, na, action, holds, resource = '*') =>
  c(name, NA, { action, resource: 'arn:aws:s3:::b', principal: me }, { identity: [doc({ Effect: 'Allow', NotAction: na, Resource: resource })] }, holds ? 'Allow' : 'ImplicitDeny', 'identity-based');
notAction('NotAction iam:*: S3 allowed', 'iam:*', 's3:ListBucket', true);
notAction('NotAction iam:*: IAM not allowed', 'iam:*', 'iam:CreateUser', false);
notAction('NotAction is case-insensitive', 'IAM:*', 'iam:CreateUser', false);
notAction('NotAction with a list', ['iam:*', 's3:Delete*'], 's3:DeleteBucket', false);
notAction('NotAction with a list, other action', ['iam:*', 's3:Delete*'], 's3:GetObject', true);
notAction('NotAction with a resource restriction', 'iam:*', 's3:GetObject', false, 'arn:aws:s3:::other');
c('Deny with NotAction: everything except IAM is denied', NA, { action: 's3:GetObject', resource: '*', principal: me }, { identity: [doc(st('Allow', '*', '*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })] }, 'ExplicitDeny', 'identity-based');
c('Deny with NotAction: IAM is not denied', NA, { action: 'iam:GetUser', resource: '*', principal: me }, { identity: [doc(st('Allow', '*', '*'), { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' })] }, 'Allow', 'identity-based');

const RES = S.RES;
const WILD = `${RES} / Using wildcards in resource ARNs`;
r('Exact resource', RES, 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/k', true);
r('Resource match is case-sensitive', `${RES}: the IAM user name is case sensitive`, `arn:aws:iam::${A}:user/Bob`, `arn:aws:iam::${A}:user/bob`, false, 'iam:GetUser');
r('Resource "*"', RES, '*', 'arn:aws:s3:::b/k', true);
r('Resource "*" also matches requests without a resource', RES, '*', '*', true, 's3:ListAllMyBuckets');
r('All IAM users under /accounting', WILD, `arn:aws:iam::${A}:user/accounting/*`, `arn:aws:iam::${A}:user/accounting/alice`, true, 'iam:GetUser');
r('All IAM users under /accounting: other path', WILD, `arn:aws:iam::${A}:user/accounting/*`, `arn:aws:iam::${A}:user/sales/alice`, false, 'iam:GetUser');
r('All items within a bucket', WILD, 'arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket/a/b/c.txt', true);
r('Bucket/* does not match the bucket itself', WILD, 'arn:aws:s3:::amzn-s3-demo-bucket/*', 'arn:aws:s3:::amzn-s3-demo-bucket', false);
for (const [k, ok] of [['1///test///object.jpg', true], ['/test/object.jpg', true], ['1/test/', true], ['1-test/object.jpg', false], ['test/object.jpg', false], ['1/2/test.jpg', false]])
  r(`amzn-s3-demo-bucket/*/test/* against ${k}`, `${WILD} (the * expands across slashes)`, 'arn:aws:s3:::amzn-s3-demo-bucket/*/test/*', `arn:aws:s3:::amzn-s3-demo-bucket/${k}`, ok);
r('Wildcard within the Region segment', WILD, `arn:aws:sqs:us-*-1:${A}:q`, `arn:aws:sqs:us-east-1:${A}:q`, true, 'sqs:SendMessage');
r('? within the Region segment does not match a colon', WILD, `arn:aws:ec2:us?east-1:${A}:instance/i-1`, `arn:aws:ec2:us:east-1:${A}:instance/i-1`, false, 'ec2:StartInstances');
r('A * ending a segment can expand past the colon', `${WILD}: if the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries`, 'arn:aws:dynamodb:*', `arn:aws:dynamodb:us-east-1:${A}:table/T`, true, 'dynamodb:GetItem');
r('Any account and Region', WILD, 'arn:aws:sqs:*:*:q', `arn:aws:sqs:eu-west-1:${A}:q`, true, 'sqs:SendMessage');
r('Other service in the ARN', RES, 'arn:aws:sqs:*:*:q', `arn:aws:sns:eu-west-1:${A}:q`, false, 'sqs:SendMessage');
r('Colons in an S3 key are part of the resource', RES, 'arn:aws:s3:::b/*', 'arn:aws:s3:::b/a:b:c', true);
r('Resource list', RES, ['arn:aws:s3:::x', 'arn:aws:s3:::b/*'], 'arn:aws:s3:::b/k', true);
r('Resource ? wildcard', WILD, 'arn:aws:s3:::b/file?.txt', 'arn:aws:s3:::b/file1.txt', true);
r('Resource ? wildcard, two characters', WILD, 'arn:aws:s3:::b/file?.txt', 'arn:aws:s3:::b/file12.txt', false);
const NR = `${RES} (NotResource)`;
c('NotResource: allow everything except one bucket', NR, { action: 's3:GetObject', resource: 'arn:aws:s3:::public/k', principal: me }, { identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secret', 'arn:aws:s3:::secret/*'] })] }, 'Allow', 'identity-based');
c('NotResource: the excluded bucket', NR, { action: 's3:GetObject', resource: 'arn:aws:s3:::secret/k', principal: me }, { identity: [doc({ Effect: 'Allow', Action: 's3:*', NotResource: ['arn:aws:s3:::secret', 'arn:aws:s3:::secret/*'] })] }, 'ImplicitDeny', 'identity-based');
c('Deny with NotResource: deny everything outside one bucket', NR, { action: 's3:GetObject', resource: 'arn:aws:s3:::other/k', principal: me }, { identity: [doc(st('Allow', 's3:*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::mine/*' })] }, 'ExplicitDeny', 'identity-based');
c('Deny with NotResource: inside the bucket', NR, { action: 's3:GetObject', resource: 'arn:aws:s3:::mine/k', principal: me }, { identity: [doc(st('Allow', 's3:*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::mine/*' })] }, 'Allow', 'identity-based');
c('NotAction with NotResource together', `${NA}; ${NR}`, { action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${A}:instance/i`, principal: me }, { identity: [doc({ Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' })] }, 'Allow', 'identity-based');
c('Statement as a single object', 'IAM User Guide: IAM JSON policy elements: Statement', { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: me }, { identity: [{ Version: '2012-10-17', Statement: st('Allow', 's3:GetObject', 'arn:aws:s3:::b/*') }] }, 'Allow', 'identity-based');
c('Several identity policies: one allows', S.EVAL, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: me }, { identity: [allow('ec2:*'), allow('sqs:*'), allow('s3:GetObject', 'arn:aws:s3:::b/*')] }, 'Allow', 'identity-based');
c('Several identity policies: a deny in any of them', S.EVAL, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', principal: me }, { identity: [allow('s3:*'), allow('ec2:*'), doc(st('Deny', 's3:Get*', 'arn:aws:s3:::b/*'))] }, 'ExplicitDeny', 'identity-based');
