// Seeds from /work/shared/seeds: the DenyAllExceptListedIfNoMFA policy (AWS's example "Allows
// MFA-authenticated IAM users to manage their own credentials") and the MFA trust policy of the
// AWS SDK code example "Assume an IAM role that requires an MFA token".
import { file, c, doc, allow, trustDoc, A, S, user } from './lib.mjs';

file('seeds');
const mfaPolicy = doc(
  { Sid: 'AllowViewAccountInfo', Effect: 'Allow', Action: ['iam:GetAccountPasswordPolicy', 'iam:ListVirtualMFADevices'], Resource: '*' },
  { Sid: 'AllowManageOwnPasswords', Effect: 'Allow', Action: ['iam:ChangePassword', 'iam:GetUser'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Sid: 'AllowManageOwnAccessKeys', Effect: 'Allow', Action: ['iam:CreateAccessKey', 'iam:DeleteAccessKey', 'iam:ListAccessKeys', 'iam:UpdateAccessKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Sid: 'AllowManageOwnSigningCertificates', Effect: 'Allow', Action: ['iam:DeleteSigningCertificate', 'iam:ListSigningCertificates', 'iam:UpdateSigningCertificate', 'iam:UploadSigningCertificate'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Sid: 'AllowManageOwnSSHPublicKeys', Effect: 'Allow', Action: ['iam:DeleteSSHPublicKey', 'iam:GetSSHPublicKey', 'iam:ListSSHPublicKeys', 'iam:UpdateSSHPublicKey', 'iam:UploadSSHPublicKey'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Sid: 'AllowManageOwnGitCredentials', Effect: 'Allow', Action: ['iam:CreateServiceSpecificCredential', 'iam:DeleteServiceSpecificCredential', 'iam:ListServiceSpecificCredentials', 'iam:ResetServiceSpecificCredential', 'iam:UpdateServiceSpecificCredential'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Sid: 'AllowManageOwnVirtualMFADevice', Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
  { Sid: 'AllowManageOwnUserMFA', Effect: 'Allow', Action: ['iam:DeactivateMFADevice', 'iam:EnableMFADevice', 'iam:ListMFADevices', 'iam:ResyncMFADevice'], Resource: 'arn:aws:iam::*:user/${aws:username}' },
  { Sid: 'DenyAllExceptListedIfNoMFA', Effect: 'Deny', NotAction: ['iam:CreateVirtualMFADevice', 'iam:EnableMFADevice', 'iam:GetUser', 'iam:ListMFADevices', 'iam:ListVirtualMFADevices', 'iam:ResyncMFADevice', 'sts:GetSessionToken'], Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } },
);
const s3Full = allow(['s3:*', 's3-object-lambda:*']);
const SEED = 'seed 004 (AWS example policy: MFA-authenticated IAM users manage their own credentials); IAM User Guide: ...IfExists';
const mfa = user('mfa_test');
const self = `arn:aws:iam::${A}:user/mfa_test`;
const longTerm = { 'aws:username': 'mfa_test' };
const withMfa = { 'aws:username': 'mfa_test', 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '30' };
const seed = (name, action, resource, context, effect, type) => c(name, SEED, { action, resource, principal: mfa, context }, { identity: [mfaPolicy, s3Full] }, effect, type);
seed('Long-term keys (MFA key absent): aws s3 ls is denied', 's3:ListAllMyBuckets', '*', longTerm, 'ExplicitDeny', 'identity-based');
seed('Long-term keys: s3:GetObject denied despite AmazonS3FullAccess', 's3:GetObject', 'arn:aws:s3:::b/k', longTerm, 'ExplicitDeny', 'identity-based');
seed('MFA session credentials: aws s3 ls allowed', 's3:ListAllMyBuckets', '*', withMfa, 'Allow', 'identity-based');
seed('aws:MultiFactorAuthPresent false: denied', 's3:ListAllMyBuckets', '*', { 'aws:username': 'mfa_test', 'aws:MultiFactorAuthPresent': 'false' }, 'ExplicitDeny', 'identity-based');
seed('Without MFA: iam:GetUser on self is not denied (listed in NotAction)', 'iam:GetUser', self, longTerm, 'Allow', 'identity-based');
seed('Without MFA: sts:GetSessionToken is not denied, but nothing allows it', 'sts:GetSessionToken', '*', longTerm, 'ImplicitDeny', 'identity-based');
seed('Without MFA: iam:CreateVirtualMFADevice allowed', 'iam:CreateVirtualMFADevice', `arn:aws:iam::${A}:mfa/mfa_test`, longTerm, 'Allow', 'identity-based');
seed('Without MFA: iam:EnableMFADevice on self allowed', 'iam:EnableMFADevice', self, longTerm, 'Allow', 'identity-based');
seed('Without MFA: iam:ListMFADevices on self allowed', 'iam:ListMFADevices', self, longTerm, 'Allow', 'identity-based');
seed('Without MFA: iam:ResyncMFADevice on self allowed', 'iam:ResyncMFADevice', self, longTerm, 'Allow', 'identity-based');
seed('Without MFA: iam:ListVirtualMFADevices allowed', 'iam:ListVirtualMFADevices', '*', longTerm, 'Allow', 'identity-based');
seed('Without MFA: iam:DeactivateMFADevice denied (not in NotAction)', 'iam:DeactivateMFADevice', self, longTerm, 'ExplicitDeny', 'identity-based');
seed('Without MFA: iam:ChangePassword denied', 'iam:ChangePassword', self, longTerm, 'ExplicitDeny', 'identity-based');
seed('Without MFA: iam:CreateAccessKey denied', 'iam:CreateAccessKey', self, longTerm, 'ExplicitDeny', 'identity-based');
seed('With MFA: iam:CreateAccessKey on self allowed', 'iam:CreateAccessKey', self, withMfa, 'Allow', 'identity-based');
seed('With MFA: iam:ChangePassword on self allowed', 'iam:ChangePassword', self, withMfa, 'Allow', 'identity-based');
seed('With MFA: iam:DeactivateMFADevice on self allowed', 'iam:DeactivateMFADevice', self, withMfa, 'Allow', 'identity-based');
seed('With MFA: access keys of another user not allowed', 'iam:CreateAccessKey', `arn:aws:iam::${A}:user/alice`, withMfa, 'ImplicitDeny', 'identity-based');
seed('Without MFA: iam:GetUser on another user not allowed', 'iam:GetUser', `arn:aws:iam::${A}:user/alice`, longTerm, 'ImplicitDeny', 'identity-based');
seed('With MFA: iam:UploadSSHPublicKey on self allowed', 'iam:UploadSSHPublicKey', self, withMfa, 'Allow', 'identity-based');
seed('Without MFA: iam:GetAccountPasswordPolicy denied', 'iam:GetAccountPasswordPolicy', '*', longTerm, 'ExplicitDeny', 'identity-based');
seed('With MFA: iam:GetAccountPasswordPolicy allowed', 'iam:GetAccountPasswordPolicy', '*', withMfa, 'Allow', 'identity-based');

const TRUST = 'seed 000 (AWS SDK example: assume an IAM role that requires an MFA token); IAM User Guide: Bool';
const demo = user('demo-user');
const roleArn = `arn:aws:iam::${A}:role/demo-role`;
const trust = trustDoc({ AWS: demo.arn }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } });
const userPolicy = allow('sts:AssumeRole', roleArn);
const roleWork = doc({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::*' });
c('AssumeRole without MFA: AccessDenied', TRUST, { action: 'sts:AssumeRole', resource: roleArn, principal: demo, context: {} }, { identity: [userPolicy], trust }, 'ImplicitDeny', 'resource-based', { message: `User: ${demo.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn} because no role trust policy allows the sts:AssumeRole action` });
c('AssumeRole with MFA: allowed', TRUST, { action: 'sts:AssumeRole', resource: roleArn, principal: demo, context: { 'aws:MultiFactorAuthPresent': 'true' } }, { identity: [userPolicy], trust }, 'Allow', 'resource-based');
c('AssumeRole with aws:MultiFactorAuthPresent false', TRUST, { action: 'sts:AssumeRole', resource: roleArn, principal: demo, context: { 'aws:MultiFactorAuthPresent': 'false' } }, { identity: [userPolicy], trust }, 'ImplicitDeny', 'resource-based');
c('AssumeRole with MFA by another user', TRUST, { action: 'sts:AssumeRole', resource: roleArn, principal: user('other'), context: { 'aws:MultiFactorAuthPresent': 'true' } }, { identity: [userPolicy], trust }, 'ImplicitDeny', 'resource-based');
c('AssumeRole with MFA, same account, no identity policy: the trust policy names the user', `${TRUST}; ${S.RBP}: IAM user`, { action: 'sts:AssumeRole', resource: roleArn, principal: demo, context: { 'aws:MultiFactorAuthPresent': 'true' } }, { identity: [], trust }, 'Allow', 'resource-based');
c('AssumeRole with MFA from another account: the user policy is required', `${TRUST}; ${S.CROSS}`, { action: 'sts:AssumeRole', resource: roleArn, principal: user('demo-user', '444455556666'), resourceAccountId: A, context: { 'aws:MultiFactorAuthPresent': 'true' } }, { identity: [], trust: trustDoc({ AWS: 'arn:aws:iam::444455556666:user/demo-user' }, { Condition: { Bool: { 'aws:MultiFactorAuthPresent': true } } }) }, 'ImplicitDeny', 'identity-based');
c('The assumed role lists buckets', TRUST, { action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*', principal: { type: 'assumed-role', arn: `arn:aws:sts::${A}:assumed-role/demo-role/demo-sts-session`, roleArn, accountId: A } }, { identity: [roleWork] }, 'Allow', 'identity-based');
c('The demo user itself cannot list buckets', TRUST, { action: 's3:ListAllMyBuckets', resource: 'arn:aws:s3:::*', principal: demo }, { identity: [userPolicy] }, 'ImplicitDeny', 'identity-based', { message: `User: ${demo.arn} is not authorized to perform: s3:ListAllMyBuckets on resource: "arn:aws:s3:::*" because no identity-based policy allows the s3:ListAllMyBuckets action` });
