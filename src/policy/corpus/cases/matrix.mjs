// Same-account matrix over the table "Resource-based policies and implicit denies in other policy
// types (same account)" (IAM User Guide, Policy evaluation logic). Expected values follow the
// table's rules, spelled out below row by row:
//   - the resource-based policy names the session / user itself → allowed whatever the implicit
//     denies in identity-based policies, permissions boundary or session policies;
//   - it names the role (for a role session) or the IAM user who federated (for a federated-user
//     session) → allowed only if the boundary and session policies (when present) allow;
//   - it names the account → the identity side must allow (identity ∧ boundary ∧ session);
//   - no resource-based allow → the identity side decides.
// A federated-user session without session policies has no permissions ("If there is no session
// policy ... not a role session → Deny").
import { file, c, allow, rpAllow, A, S, user, session, fedUser } from './lib.mjs';

file('matrix');
const res = 'arn:aws:s3:::shared/k';
const principals = { user: user('bob'), session: session('R', 's'), 'federated user': fedUser('fed', 'bob') };
const named = {
  'no resource-based policy': null,
  'the account': A,
  'the IAM user bob': `arn:aws:iam::${A}:user/bob`,
  'the role R': `arn:aws:iam::${A}:role/R`,
  'the caller itself': 'SELF',
};
const yes = allow('s3:GetObject');
const no = allow('ec2:*');
for (const [pName, p] of Object.entries(principals)) {
  const sessions = p.type === 'user' ? ['absent'] : ['absent', 'denies'];
  for (const [nName, n] of Object.entries(named)) {
    for (const identity of [true, false]) {
      for (const boundary of ['absent', 'denies']) {
        for (const sess of sessions) {
          const arn = n === 'SELF' ? p.arn : n;
          const boundaryOk = boundary === 'absent';
          const sessionOk = sess === 'absent' ? p.type !== 'federated-user' : false;
          let level = 'none';
          if (arn === p.arn) level = 'direct';
          else if (arn !== null && (arn === p.roleArn || arn === p.userArn)) level = 'role';
          else if (arn === A) level = 'account';
          const identityGrant = identity && boundaryOk && sessionOk;
          const identityReason = !identity ? 'identity-based' : !boundaryOk ? 'permissions boundary' : 'session';
          let effect, type;
          if (level === 'direct') (effect = 'Allow'), (type = 'resource-based');
          else if (level === 'role' && boundaryOk && sessionOk) (effect = 'Allow'), (type = 'resource-based');
          else if (identityGrant) (effect = 'Allow'), (type = 'identity-based');
          else {
            effect = 'ImplicitDeny';
            type = level === 'role' ? (!boundaryOk ? 'permissions boundary' : 'session') : identityReason;
          }
          const policies = { identity: [identity ? yes : no] };
          if (arn !== null) policies.resource = rpAllow({ AWS: arn }, 's3:GetObject', 'arn:aws:s3:::shared/*');
          if (boundary === 'denies') policies.boundary = no;
          if (sess === 'denies') policies.session = [no];
          c(`${pName}; bucket policy names ${nName}; identity ${identity ? 'allows' : 'does not allow'}; boundary ${boundary}; session policy ${sess}`,
            S.RBP, { action: 's3:GetObject', resource: res, principal: p }, policies, effect, type);
        }
      }
    }
  }
}
