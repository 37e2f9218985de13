import { file, c, doc, st, allow, rpAllow, A, S, user, session, anonymous } from './lib.mjs';

file('variables');
const bob = user('bob');
const ctxBob = { 'aws:username': 'bob', 'aws:userid': 'AIDAEXAMPLEBOB' };
const home = doc(
  { Action: ['s3:ListBucket'], Effect: 'Allow', Resource: ['arn:aws:s3:::mybucket'], Condition: { StringLike: { 's3:prefix': ['${aws:username}/*'] } } },
  { Action: ['s3:GetObject', 's3:PutObject'], Effect: 'Allow', Resource: ['arn:aws:s3:::mybucket/${aws:username}/*'] },
);
const INTRO = `${S.VARS} / Introduction`;
c('${aws:username} in Resource: own folder', INTRO, { action: 's3:GetObject', resource: 'arn:aws:s3:::mybucket/bob/notes.txt', principal: bob, context: ctxBob }, { identity: [home] }, 'Allow', 'identity-based');
c("${aws:username} in Resource: someone else's folder", INTRO, { action: 's3:GetObject', resource: 'arn:aws:s3:::mybucket/David/notes.txt', principal: bob, context: ctxBob }, { identity: [home] }, 'ImplicitDeny', 'identity-based');
c('${aws:username} in a StringLike condition: own prefix', INTRO, { action: 's3:ListBucket', resource: 'arn:aws:s3:::mybucket', principal: bob, context: { ...ctxBob, 's3:prefix': 'bob/photos/' } }, { identity: [home] }, 'Allow', 'identity-based');
c('${aws:username} in a StringLike condition: other prefix', INTRO, { action: 's3:ListBucket', resource: 'arn:aws:s3:::mybucket', principal: bob, context: { ...ctxBob, 's3:prefix': 'David/' } }, { identity: [home] }, 'ImplicitDeny', 'identity-based');
c('Variable values are case-sensitive in Resource', INTRO, { action: 's3:GetObject', resource: 'arn:aws:s3:::mybucket/Bob/notes.txt', principal: bob, context: ctxBob }, { identity: [home] }, 'ImplicitDeny', 'identity-based');
const keys = allow('iam:*AccessKey*', `arn:aws:iam::${A}:user/\${aws:username}`);
c('Manage own access keys', `${S.VARS} (iam:*AccessKey* example)`, { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${A}:user/bob`, principal: bob, context: ctxBob }, { identity: [keys] }, 'Allow', 'identity-based');
c("Not another user's access keys", `${S.VARS} (iam:*AccessKey* example)`, { action: 'iam:DeleteAccessKey', resource: `arn:aws:iam::${A}:user/alice`, principal: bob, context: ctxBob }, { identity: [keys] }, 'ImplicitDeny', 'identity-based');
c('Role sessions have no aws:username: the resource never matches', `${S.VARS}: principal key values (aws:username not present for roles)`, { action: 'iam:CreateAccessKey', resource: `arn:aws:iam::${A}:user/R`, principal: session(), context: { 'aws:userid': 'AROAEXAMPLE:s' } }, { identity: [keys] }, 'ImplicitDeny', 'identity-based');
const queues = doc({ Sid: 'ListForConsole', Effect: 'Allow', Action: 'sqs:ListQueues', Resource: '*' }, { Sid: 'AllQueueActions', Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:us-east-2:*:${aws:username}-queue' });
c('Own SQS queue in us-east-2', `${S.VARS} (SQS queues example)`, { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-2:${A}:bob-queue`, principal: bob, context: ctxBob }, { identity: [queues] }, 'Allow', 'identity-based');
c('Own SQS queue name in another Region', `${S.VARS} (SQS queues example)`, { action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-west-2:${A}:bob-queue`, principal: bob, context: ctxBob }, { identity: [queues] }, 'ImplicitDeny', 'identity-based');
c("Someone else's queue", `${S.VARS} (SQS queues example)`, { action: 'sqs:DeleteQueue', resource: `arn:aws:sqs:us-east-2:${A}:alice-queue`, principal: bob, context: ctxBob }, { identity: [queues] }, 'ImplicitDeny', 'identity-based');
c('ListQueues on *', `${S.VARS} (SQS queues example)`, { action: 'sqs:ListQueues', resource: '*', principal: bob, context: ctxBob }, { identity: [queues] }, 'Allow', 'identity-based');
const dept = allow('s3:*', 'arn:aws:s3:::bucket/${aws:PrincipalTag/department}');
c('${aws:PrincipalTag/department} in Resource', `${S.VARS} / Tags as policy variables`, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/hr', principal: bob, context: { 'aws:PrincipalTag/department': 'hr' } }, { identity: [dept] }, 'Allow', 'identity-based');
c('${aws:PrincipalTag/department}, other department', `${S.VARS} / Tags as policy variables`, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/finance', principal: bob, context: { 'aws:PrincipalTag/department': 'hr' } }, { identity: [dept] }, 'ImplicitDeny', 'identity-based');
c('${aws:PrincipalTag/department}, principal without the tag', `${S.VARS}: if AWS cannot resolve a variable the statement may be invalid`, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/', principal: bob, context: {} }, { identity: [dept] }, 'ImplicitDeny', 'identity-based');
c('Tag variables are looked up case-insensitively', `${S.VARS}: key names are case-insensitive`, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/hr', principal: bob, context: { 'AWS:PRINCIPALTAG/DEPARTMENT': 'hr' } }, { identity: [dept] }, 'Allow', 'identity-based');
const sns = rpAllow({ AWS: '999999999999' }, 'sns:*', '*', { Condition: { StringLike: { 'sns:endpoint': 'https://example.com/${aws:username}/' }, StringEquals: { 'sns:Protocol': 'https' } } });
const snsUser = user('bob', '999999999999');
c('SNS topic policy: endpoint matches the user name', `${S.VARS} / Condition element (SNS example)`,
  { action: 'sns:Subscribe', resource: `arn:aws:sns:us-east-1:${A}:topic`, principal: snsUser, resourceAccountId: A, context: { 'aws:username': 'bob', 'sns:Endpoint': 'https://example.com/bob/', 'sns:Protocol': 'https' } },
  { identity: [allow('sns:*')], resource: sns }, 'Allow', 'resource-based');
c('SNS topic policy: endpoint of another user', `${S.VARS} / Condition element (SNS example)`,
  { action: 'sns:Subscribe', resource: `arn:aws:sns:us-east-1:${A}:topic`, principal: snsUser, resourceAccountId: A, context: { 'aws:username': 'bob', 'sns:Endpoint': 'https://example.com/alice/', 'sns:Protocol': 'https' } },
  { identity: [allow('sns:*')], resource: sns }, 'ImplicitDeny', 'resource-based');
c('SNS topic policy: http protocol', `${S.VARS} / Condition element (SNS example)`,
  { action: 'sns:Subscribe', resource: `arn:aws:sns:us-east-1:${A}:topic`, principal: snsUser, resourceAccountId: A, context: { 'aws:username': 'bob', 'sns:Endpoint': 'https://example.com/bob/', 'sns:Protocol': 'http' } },
  { identity: [allow('sns:*')], resource: sns }, 'ImplicitDeny', 'resource-based');
const costCenter = allow('iam:*user*', '*', { Condition: { StringLike: { 'iam:ResourceTag/costCenter': ['12345', '67890'] } } });
c('iam:ResourceTag/costCenter 12345', `${S.VARS} (costCenter example)`, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/x`, principal: bob, context: { 'iam:ResourceTag/costCenter': '12345' } }, { identity: [costCenter] }, 'Allow', 'identity-based');
c('iam:ResourceTag/costCenter other value', `${S.VARS} (costCenter example)`, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/x`, principal: bob, context: { 'iam:ResourceTag/costCenter': '55555' } }, { identity: [costCenter] }, 'ImplicitDeny', 'identity-based');
c('iam:ResourceTag/costCenter absent', `${S.VARS} (costCenter example)`, { action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/x`, principal: bob, context: {} }, { identity: [costCenter] }, 'ImplicitDeny', 'identity-based');

const DEF = `${S.VARS} / Specifying default values`;
const anonPolicy = rpAllow('*', 's3:GetObject', "arn:aws:s3:::bucket/${aws:userid, 'anonymous'}/*");
c("Default value: anonymous callers get ${aws:userid, 'anonymous'}", DEF, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/anonymous/x', principal: anonymous, context: {} }, { identity: [], resource: anonPolicy }, 'Allow', 'resource-based');
c('Default value: not used when the key is present', DEF, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/anonymous/x', principal: bob, context: { 'aws:userid': 'AIDABOB' } }, { identity: [], resource: anonPolicy }, 'ImplicitDeny', 'identity-based');
c('Default value: the key value when present', DEF, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/AIDABOB/x', principal: bob, context: { 'aws:userid': 'AIDABOB' } }, { identity: [], resource: anonPolicy }, 'Allow', 'resource-based');
c("Default in a condition: ${aws:username, 'none'}", DEF, { action: 'x:Act', resource: '*', principal: session(), context: { 'x:owner': 'none' } }, { identity: [allow('x:*', '*', { Condition: { StringEquals: { 'x:owner': "${aws:username, 'none'}" } } })] }, 'Allow', 'identity-based');

const SPEC = `${S.VARS} / Special characters`;
c('${*} is a literal asterisk', SPEC, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/a*b', principal: bob }, { identity: [allow('s3:GetObject', 'arn:aws:s3:::bucket/a${*}b')] }, 'Allow', 'identity-based');
c('${*} does not act as a wildcard', SPEC, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket/axyzb', principal: bob }, { identity: [allow('s3:GetObject', 'arn:aws:s3:::bucket/a${*}b')] }, 'ImplicitDeny', 'identity-based');
c('${?} is a literal question mark', SPEC, { action: 'x:Act', resource: '*', principal: bob, context: { 'x:k': 'why?' } }, { identity: [allow('x:*', '*', { Condition: { StringLike: { 'x:k': 'why${?}' } } })] }, 'Allow', 'identity-based');
c('${?} does not match another character', SPEC, { action: 'x:Act', resource: '*', principal: bob, context: { 'x:k': 'whyz' } }, { identity: [allow('x:*', '*', { Condition: { StringLike: { 'x:k': 'why${?}' } } })] }, 'ImplicitDeny', 'identity-based');
c('${$} is a literal dollar sign', SPEC, { action: 'x:Act', resource: '*', principal: bob, context: { 'x:k': '$5' } }, { identity: [allow('x:*', '*', { Condition: { StringEquals: { 'x:k': '${$}5' } } })] }, 'Allow', 'identity-based');

const VER = `${S.VARS}: without Version 2012-10-17 variables are treated as literal strings`;
const old = (r) => ({ Version: '2008-10-17', Statement: [st('Allow', 's3:GetObject', r)] });
c('Version 2008-10-17: ${aws:username} is literal text', VER, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/bob/x', principal: bob, context: ctxBob }, { identity: [old('arn:aws:s3:::b/${aws:username}/*')] }, 'ImplicitDeny', 'identity-based');
c('Version 2008-10-17: matches the literal text', VER, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/${aws:username}/x', principal: bob, context: ctxBob }, { identity: [old('arn:aws:s3:::b/${aws:username}/*')] }, 'Allow', 'identity-based');
c('No Version element: variables are literal', VER, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/bob/x', principal: bob, context: ctxBob }, { identity: [{ Statement: [st('Allow', 's3:GetObject', 'arn:aws:s3:::b/${aws:username}/*')] }] }, 'ImplicitDeny', 'identity-based');
c('Variables only in the resource part of an ARN', `${S.VARS} / Resource element: only in the resource portion, after the fifth colon`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', principal: bob, context: { 'aws:username': 's3' } }, { identity: [allow('s3:GetObject', 'arn:aws:${aws:username}:::b/x')] }, 'ImplicitDeny', 'identity-based');
c('A variable in a Deny resource that cannot be resolved does not match', `${S.VARS}: if AWS cannot resolve a variable the statement may be invalid`,
  { action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', principal: session() }, { identity: [doc(st('Allow', 's3:*', '*'), st('Deny', 's3:*', 'arn:aws:s3:::b/${aws:username}'))] }, 'Allow', 'identity-based');
c('Variable substitution in NotResource', `${S.VARS} / Where you can use policy variables`,
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/alice/x', principal: bob, context: ctxBob }, { identity: [doc(st('Allow', 's3:*', '*'), { Effect: 'Deny', Action: 's3:Delete*', NotResource: 'arn:aws:s3:::b/${aws:username}/*' })] }, 'ExplicitDeny', 'identity-based');
c('Variable substitution in NotResource, own folder', `${S.VARS} / Where you can use policy variables`,
  { action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/bob/x', principal: bob, context: ctxBob }, { identity: [doc(st('Allow', 's3:*', '*'), { Effect: 'Deny', Action: 's3:Delete*', NotResource: 'arn:aws:s3:::b/${aws:username}/*' })] }, 'Allow', 'identity-based');
c('Variable in an ArnEquals condition', `${S.OPS}: you can use a policy variable with the ARN condition operators`,
  { action: 'x:Act', resource: '*', principal: bob, context: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/bob`, 'aws:username': 'bob' } }, { identity: [allow('x:*', '*', { Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/\${aws:username}` } } })] }, 'Allow', 'identity-based');
c('Variable with a multi-valued key cannot be resolved', `${S.VARS}: multivalued keys cannot be used as variables`,
  { action: 'x:Act', resource: '*', principal: bob, context: { 'x:k': 'a', 'aws:TagKeys': ['a', 'b'] } }, { identity: [allow('x:*', '*', { Condition: { StringEquals: { 'x:k': '${aws:TagKeys}' } } })] }, 'ImplicitDeny', 'identity-based');
c('Negated operator with an unresolvable variable is true', `${S.VARS}: a variable with no value matches nothing`,
  { action: 'x:Act', resource: '*', principal: session(), context: { 'x:k': 'a' } }, { identity: [allow('x:*', '*', { Condition: { StringNotEquals: { 'x:k': '${aws:username}' } } })] }, 'Allow', 'identity-based');
