// MalformedPolicyDocument wording for documents AWS refuses.
import { p, S } from './lib.mjs';

const G = 'IAM User Guide: Grammar of the IAM JSON policy language; MalformedPolicyDocument messages';
const R = 'AWS-recorded (test/fixtures/aws-recorded-policies/README.md)';
const ok = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
const d = (Statement, extra = {}) => ({ Version: '2012-10-17', ...extra, Statement });
p('Invalid JSON', G, 'identity', '{"Version":"2012-10-17",', 'Syntax errors in policy.');
p('A JSON array is not a policy', G, 'identity', '[]', 'Syntax errors in policy.');
p('Empty document', G, 'identity', '', 'Syntax errors in policy.');
p('Identity policy with Principal', G, 'identity', d({ ...ok, Principal: '*' }), 'Has prohibited field Principal');
p('Permissions boundary with NotPrincipal', G, 'boundary', d({ ...ok, NotPrincipal: { AWS: '111122223333' } }), 'Has prohibited field NotPrincipal');
p('Session policy with Principal', G, 'session', d({ ...ok, Principal: { AWS: '111122223333' } }), 'Has prohibited field Principal');
p('Bucket policy without Principal', G, 'resource', d(ok), 'Missing required field Principal');
p('Trust policy without Principal', G, 'trust', d({ Effect: 'Allow', Action: 'sts:AssumeRole' }), 'Missing required field Principal');
p('Trust policy with NotPrincipal', `${S.NOTPRIN}: not in an IAM role trust policy`, 'trust', d({ Effect: 'Deny', NotPrincipal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }), 'Has prohibited field NotPrincipal');
p('Trust policy with Resource', G, 'trust', d({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }), 'Has prohibited field Resource');
p('No Action', G, 'identity', d({ Effect: 'Allow', Resource: '*' }), 'Policy statement must contain actions.');
p('No Resource', G, 'identity', d({ Effect: 'Allow', Action: 's3:*' }), 'Policy statement must contain resources.');
p('Effect is case-sensitive', `${G}; IAM User Guide: Effect ("The Effect value is case sensitive"); ${R}`, 'identity', d({ ...ok, Effect: 'allow' }), 'The policy failed legacy parsing');
p('Unknown Effect', `${G}; ${R}`, 'identity', d({ ...ok, Effect: 'Foo' }), 'Syntax errors in policy.');
p('Missing Effect', `${G}; ${R}`, 'identity', d({ Action: 's3:*', Resource: '*' }), 'Syntax errors in policy.');
p('Unknown statement field', `${G}; ${R}`, 'identity', d({ ...ok, Actions: 's3:*' }), 'Syntax errors in policy.');
p('Duplicate Sid', G, 'identity', d([{ ...ok, Sid: 'One' }, { ...ok, Sid: 'One' }]), 'Statement IDs (SID) in a single policy must be unique.');
p('Action without a vendor', G, 'identity', d({ ...ok, Action: 'GetObject' }), 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.');
p('Condition key without a vendor is accepted', `${G}; ${R}`, 'identity', d({ ...ok, Condition: { StringEquals: { username: 'x' } } }), null);
p('Unknown condition operator', `${G}; ${R}`, 'identity', d({ ...ok, Condition: { StringEqualz: { 'aws:username': 'x' } } }), 'Syntax errors in policy.');
p('Unknown condition operator without keys is accepted', `${G}; ${R}`, 'identity', d({ ...ok, Condition: { StringEqualz: {} } }), null);
p('Resource not an ARN', G, 'identity', d({ ...ok, Resource: 'my-bucket' }), 'Resource my-bucket must be in ARN format or "*".');
p('Version 2012-10-17 required for managed policies (no Version)', G, 'identity', { Statement: ok }, null);
p('Unknown Version value', `${G}; IAM User Guide: Version; ${R}`, 'identity', d(ok, { Version: '2021-01-01' }), 'Syntax errors in policy.');
p('Wildcard user ARN as principal', S.PRIN, 'resource', d({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } }), 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"');
p('Valid bucket policy with every principal form', S.PRIN, 'resource', d({ ...ok, Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/R'], Service: 's3.amazonaws.com', Federated: 'accounts.google.com', CanonicalUser: 'abc' } }), null);
p('Valid trust policy', S.PRIN, 'trust', d({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }), null);
p('Version 2008-10-17 is accepted', `${G}; IAM User Guide: Version`, 'identity', d(ok, { Version: '2008-10-17' }), null);
p('NullIfExists does not exist', `${S.OPS}; ${R}`, 'identity', d({ ...ok, Condition: { NullIfExists: { 'aws:TokenIssueTime': 'true' } } }), 'Syntax errors in policy.');
p('Empty Statement list', `${G}; ${R}`, 'identity', d([]), 'Syntax errors in policy.');

// NotPrincipal "must be used with "Effect":"Deny". Using it with "Effect":"Allow" is not supported." S3's
// PutBucketPolicy refuses it (parse option refuseAllowNotPrincipal); a Deny with NotPrincipal stays valid.
const NP = `${S.NOTPRIN}: NotPrincipal must be used with "Effect":"Deny"`;
const npStatement = (Effect) => ({ Effect, NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
p('Bucket policy: Allow with NotPrincipal is refused', NP, 'resource', d(npStatement('Allow')), 'Invalid principal in policy', { refuseAllowNotPrincipal: true });
p('Bucket policy: Allow with NotPrincipal among valid statements is refused', NP, 'resource', d([{ ...ok, Principal: '*' }, npStatement('Allow')]), 'Invalid principal in policy', { refuseAllowNotPrincipal: true });
p('Bucket policy: Deny with NotPrincipal is accepted', NP, 'resource', d(npStatement('Deny')), null, { refuseAllowNotPrincipal: true });
