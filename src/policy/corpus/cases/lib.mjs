// Shared helpers for the corpus generator (see build.mjs).
const A = '111122223333';
const B = '444455556666';
const V = '2012-10-17';

// ---- principals ----
export const user = (name = 'bob', acct = A) => ({ type: 'user', arn: `arn:aws:iam::${acct}:user/${name}`, accountId: acct });
export const root = (acct = A) => ({ type: 'root', arn: `arn:aws:iam::${acct}:root`, accountId: acct });
export const session = (role = 'R', name = 's', acct = A) => ({
  type: 'assumed-role',
  arn: `arn:aws:sts::${acct}:assumed-role/${role}/${name}`,
  roleArn: `arn:aws:iam::${acct}:role/${role}`,
  accountId: acct,
});
export const fedUser = (name = 'fed', parent = 'bob', acct = A) => ({
  type: 'federated-user',
  arn: `arn:aws:sts::${acct}:federated-user/${name}`,
  userArn: `arn:aws:iam::${acct}:user/${parent}`,
  accountId: acct,
});
const anonymous = { type: 'anonymous', arn: '*' };
const service = (s) => ({ type: 'service', arn: s });
const federated = (p) => ({ type: 'federated', arn: p });

// ---- documents ----
const st = (Effect, Action, Resource, extra = {}) => ({ Effect, Action, Resource, ...extra });
const doc = (...Statement) => ({ Version: V, Statement });
const allowAll = doc(st('Allow', '*', '*'));
const allow = (a, r = '*', extra) => doc(st('Allow', a, r, extra));
const denyDoc = (a, r = '*', extra) => doc(st('Deny', a, r, extra));
const rpAllow = (principal, a, r, extra = {}) => doc({ Effect: 'Allow', Principal: principal, Action: a, Resource: r, ...extra });
const rpDeny = (principal, a, r, extra = {}) => doc({ Effect: 'Deny', Principal: principal, Action: a, Resource: r, ...extra });
const trustDoc = (principal, extra = {}, action = 'sts:AssumeRole') => doc({ Effect: 'Allow', Principal: principal, Action: action, ...extra });

const files = {};
let current;
const file = (name) => (current = files[name] = []);
/** c(name, source, request, policies, effect, decidingType?) */
const c = (name, source, request, policies, effect, decidingType, more = {}) =>
  current.push({ name, source, request: { context: {}, ...request }, policies, expect: { effect, ...(decidingType ? { decidingType } : {}), ...more } });

const EVAL = 'IAM User Guide: Policy evaluation logic';
const DENYALLOW = `${EVAL} / Determining whether a request is allowed or denied within an account`;
const RBP = `${DENYALLOW} / Resource-based policies and implicit denies in other policy types (same account)`;
const CROSS = 'IAM User Guide: Cross-account policy evaluation logic';
const OPS = 'IAM User Guide: IAM JSON policy elements: Condition operators';
const MULTI = 'IAM User Guide: Creating a condition with multiple keys or values (set operators)';
const VARS = 'IAM User Guide: IAM policy elements: Variables and tags';
const PRIN = 'IAM User Guide: AWS JSON policy elements: Principal';
const NOTPRIN = 'IAM User Guide: AWS JSON policy elements: NotPrincipal';
const BOUND = 'IAM User Guide: Permissions boundaries for IAM entities';
const SESS = 'IAM User Guide: Policies and permissions in IAM / Session policies';
const ACT = 'IAM User Guide: IAM JSON policy elements: Action / NotAction';
const RES = 'IAM User Guide: IAM JSON policy elements: Resource / NotResource';

export { files, c, file, st, doc, allow, denyDoc, rpAllow, rpDeny, trustDoc, allowAll, A, B, V, anonymous, service, federated };
export const S = { EVAL, DENYALLOW, RBP, CROSS, OPS, MULTI, VARS, PRIN, NOTPRIN, BOUND, SESS, ACT, RES };

/** Parse-time cases: p(name, source, kind, document (object or raw string), error message or null, parse options?). */
export const p = (name, source, kind, document, error, options) =>
  (files['parse-errors'] ??= []).push({ name, source, parse: { kind, document: typeof document === 'string' ? document : JSON.stringify(document), ...(options ? { options } : {}) }, expect: error === null ? { valid: true } : { error } });
