/**
 * Who can reach it, and how to become administrator: Tessera's own analyses (AWS has no API for them),
 * decided by the authorizer's evaluator (deps.authorizer.decide) over the live store — the same code path
 * a real request takes, with each principal's own policies (inline, attached, groups', boundary).
 *
 *  - whoCan(resource, action): every IAM user and role of the account allowed the action on the resource,
 *    each with the statements that allow it; for each role, who can assume it (users and other roles,
 *    through the role's trust policy and their own policies), without and with MFA. S3 resources carry their
 *    bucket policy and ACL grants (services/s3's check).
 *  - escalationPaths(principal): the IAM calls by which a principal can make itself (or a principal it
 *    controls) an administrator, each the exact call. "Administrator" here: allowed every one of ADMIN_PROBES
 *    (IAM writes on any user and role, S3 on any bucket, EC2) — who can do those can grant itself the rest.
 */
import type { Caller } from '../../auth/caller.js';
import type { AuthzCheck } from '../../authz/check.js';
import { buildRequestContext, type RequestContextValues } from '../../authz/context.js';
import type { Decision } from '../../policy/index.js';
import type { Deps } from '../../server/deps.js';
import type { IamEntitiesTable } from '../../store/schema-iam.js';
import { rowArn } from '../iam/api.js';
import { findBucket, s3Check } from '../s3/api.js';

export interface Grant {
  principal: string;
  principalType: 'user' | 'role';
  /** 'direct' (the principal's own credentials), or how it is reached: through a role it can assume. */
  mfaRequired: boolean;
  /** The statements that allow it: "policy-type policy-id statement N (Sid)". */
  allowedBy: string[];
  /** For a role: who can assume it, each without or only with MFA. */
  assumableBy?: { principal: string; mfaRequired: boolean; allowedBy: string[] }[];
}

function userCaller(row: IamEntitiesTable): Caller {
  return { type: 'user', accountId: row.account_id, arn: rowArn(row), userId: row.id, userName: row.name };
}

function roleCaller(row: IamEntitiesTable, mfa: boolean, now: number): Caller {
  const session = 'tessera-who-can';
  return {
    type: 'assumed-role',
    accountId: row.account_id,
    arn: `arn:aws:sts::${row.account_id}:assumed-role/${row.name}/${session}`,
    userId: `${row.id}:${session}`,
    roleArn: rowArn(row),
    roleName: row.name,
    roleId: row.id,
    sessionName: session,
    session: { issuedBy: 'AssumeRole', issuedAt: now, expiresAt: now + 3_600_000, ...(mfa ? { mfaAuthTime: now } : {}) },
  };
}

function contextFor(caller: Caller, mfa: boolean, now: number, region: string): RequestContextValues {
  const c = buildRequestContext(caller, { now, sourceIp: '127.0.0.1', secureTransport: true, region });
  // A user's long-term keys carry no MFA key; an MFA session of the user (GetSessionToken) does.
  if (caller.type === 'user' && mfa) {
    c['aws:MultiFactorAuthPresent'] = 'true';
    c['aws:MultiFactorAuthAge'] = '0';
  }
  return c;
}

const describeMatches = (d: Decision): string[] => d.matched.filter((m) => m.effect === 'Allow').map((m) => `${m.source.type} ${m.source.id} statement ${m.statementIndex}${m.sid ? ` (${m.sid})` : ''}`);

export class Analysis {
  private readonly policies = new Map<string, Promise<Awaited<ReturnType<Deps['authorizer']['policiesFor']>>>>();
  constructor(
    protected readonly deps: Deps,
    readonly accountId: string,
    private readonly now: number,
    private readonly region: string,
  ) {}

  private policiesOf(caller: Caller) {
    let p = this.policies.get(caller.arn);
    if (!p) this.policies.set(caller.arn, (p = this.deps.authorizer.policiesFor(caller)));
    return p;
  }

  /** The decision for a caller on a check, with or without MFA. */
  async decide(caller: Caller, check: AuthzCheck, mfa: boolean): Promise<Decision> {
    return this.deps.authorizer.decide(caller, await this.policiesOf(caller), check, contextFor(caller, mfa, this.now, this.region));
  }

  /** Allowed without MFA, only with MFA, or not at all. */
  async reach(caller: Caller, check: AuthzCheck, mfaCaller?: Caller): Promise<{ mfaRequired: boolean; allowedBy: string[] } | undefined> {
    const plain = await this.decide(caller, check, false);
    if (plain.effect === 'Allow') return { mfaRequired: false, allowedBy: describeMatches(plain) };
    const withMfa = await this.decide(mfaCaller ?? caller, check, true);
    if (withMfa.effect === 'Allow') return { mfaRequired: true, allowedBy: describeMatches(withMfa) };
    return undefined;
  }

  async entities(): Promise<{ users: IamEntitiesTable[]; roles: IamEntitiesTable[] }> {
    const all = await this.deps.store.repos.entities.listAll(this.accountId);
    return { users: all.filter((e) => e.kind === 'user'), roles: all.filter((e) => e.kind === 'role') };
  }

  /** The check a request for `action` on `resource` makes: S3 resources with their bucket's grants. */
  async checkFor(action: string, resource: string): Promise<AuthzCheck> {
    const s3 = /^arn:aws:s3:::([^/]+)(?:\/(.*))?$/.exec(resource);
    if (s3) {
      const bucket = await findBucket(this.deps.store, s3[1]!);
      if (bucket) return s3Check(action, bucket, s3[2]);
    }
    const role = /^arn:aws:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(resource);
    if (role && /^sts:AssumeRole$/i.test(action)) {
      const row = await this.deps.store.repos.entities.get(role[1]!, 'role', role[2]!);
      if (row?.trust_policy) return { action, resource, resourcePolicy: { document: row.trust_policy, id: resource }, kind: 'trust' };
    }
    return { action, resource };
  }

  /** Who can assume a role: users and other roles, through its trust policy and their own policies. */
  async assumers(role: IamEntitiesTable, users: IamEntitiesTable[], roles: IamEntitiesTable[]): Promise<{ principal: string; mfaRequired: boolean; allowedBy: string[] }[]> {
    if (!role.trust_policy) return [];
    const check: AuthzCheck = { action: 'sts:AssumeRole', resource: rowArn(role), resourcePolicy: { document: role.trust_policy, id: rowArn(role) }, kind: 'trust' };
    const out: { principal: string; mfaRequired: boolean; allowedBy: string[] }[] = [];
    for (const u of users) {
      const r = await this.reach(userCaller(u), check);
      if (r) out.push({ principal: rowArn(u), ...r });
    }
    for (const other of roles) {
      if (other.id === role.id) continue;
      const r = await this.reach(roleCaller(other, false, this.now), check, roleCaller(other, true, this.now));
      if (r) out.push({ principal: rowArn(other), ...r });
    }
    return out;
  }

  async whoCan(action: string, resource: string): Promise<Grant[]> {
    const { users, roles } = await this.entities();
    const check = await this.checkFor(action, resource);
    const out: Grant[] = [];
    for (const u of users) {
      const r = await this.reach(userCaller(u), check);
      if (r) out.push({ principal: rowArn(u), principalType: 'user', ...r });
    }
    for (const role of roles) {
      const r = await this.reach(roleCaller(role, false, this.now), check, roleCaller(role, true, this.now));
      if (r) out.push({ principal: rowArn(role), principalType: 'role', ...r, assumableBy: await this.assumers(role, users, roles) });
    }
    return out;
  }
}

/** What an administrator can do, on resources no policy names specially. */
const ADMIN_PROBES = (acct: string): AuthzCheck[] => [
  { action: 'iam:AttachUserPolicy', resource: `arn:aws:iam::${acct}:user/tessera-probe-user` },
  { action: 'iam:PutRolePolicy', resource: `arn:aws:iam::${acct}:role/tessera-probe-role` },
  { action: 'iam:CreateUser', resource: `arn:aws:iam::${acct}:user/tessera-probe-new` },
  { action: 's3:DeleteBucket', resource: 'arn:aws:s3:::tessera-probe-bucket' },
  { action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${acct}:instance/*` },
];

export interface EscalationPath {
  /** The permission used. */
  via: string;
  /** The principal that ends up administrator. */
  becomes: string;
  mfaRequired: boolean;
  /** The exact calls, in order (aws CLI). */
  calls: string[];
  allowedBy: string[];
}

const ADMIN_DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export class Escalation extends Analysis {
  async isAdmin(caller: Caller, mfa: boolean): Promise<boolean> {
    for (const c of ADMIN_PROBES(this.accountId)) if ((await this.decide(caller, c, mfa)).effect !== 'Allow') return false;
    return true;
  }

  async paths(principalArn: string): Promise<{ principal: string; administrator: boolean; paths: EscalationPath[] }> {
    const { users, roles } = await this.entities();
    const self = users.find((u) => rowArn(u) === principalArn) ?? roles.find((r) => rowArn(r) === principalArn);
    if (!self) return { principal: principalArn, administrator: false, paths: [] };
    const caller = self.kind === 'user' ? userCallerOf(self) : roleCallerOf(self, false, Date.now());
    const mfaCaller = self.kind === 'user' ? caller : roleCallerOf(self, true, Date.now());
    if (await this.isAdmin(caller, false)) return { principal: principalArn, administrator: true, paths: [] };
    const out: EscalationPath[] = [];
    const tryStep = async (check: AuthzCheck, becomes: string, calls: string[]) => {
      const r = await this.reach(caller, check, mfaCaller);
      if (r) out.push({ via: check.action, becomes, calls, ...r });
    };
    const me = rowArn(self);
    // Its own policies.
    if (self.kind === 'user') {
      await tryStep({ action: 'iam:PutUserPolicy', resource: me }, me, [`aws iam put-user-policy --user-name ${q(self.name)} --policy-name escalate --policy-document ${q(ADMIN_DOC)}`]);
      await tryStep({ action: 'iam:AttachUserPolicy', resource: me }, me, [`aws iam attach-user-policy --user-name ${q(self.name)} --policy-arn ${ADMIN_POLICY}`]);
      for (const g of await this.groups()) {
        const members = await this.deps.store.repos.entities.usersOfGroup(g.id);
        const groupArn = rowArn(g);
        if (members.some((m) => m.id === self.id)) {
          await tryStep({ action: 'iam:PutGroupPolicy', resource: groupArn }, me, [`aws iam put-group-policy --group-name ${q(g.name)} --policy-name escalate --policy-document ${q(ADMIN_DOC)}`]);
          await tryStep({ action: 'iam:AttachGroupPolicy', resource: groupArn }, me, [`aws iam attach-group-policy --group-name ${q(g.name)} --policy-arn ${ADMIN_POLICY}`]);
        } else if (await this.groupIsAdmin(g)) {
          await tryStep({ action: 'iam:AddUserToGroup', resource: groupArn }, me, [`aws iam add-user-to-group --group-name ${q(g.name)} --user-name ${q(self.name)}`]);
        }
      }
    } else {
      await tryStep({ action: 'iam:PutRolePolicy', resource: me }, me, [`aws iam put-role-policy --role-name ${q(self.name)} --policy-name escalate --policy-document ${q(ADMIN_DOC)}`]);
      await tryStep({ action: 'iam:AttachRolePolicy', resource: me }, me, [`aws iam attach-role-policy --role-name ${q(self.name)} --policy-arn ${ADMIN_POLICY}`]);
    }
    // Customer managed policies attached to it (or its groups): a new default version.
    const holders = [self.id, ...(self.kind === 'user' ? (await this.deps.store.repos.entities.groupsOfUser(self.id)).map((g) => g.id) : [])];
    const attached = new Set<string>();
    for (const h of holders) for (const a of await this.deps.store.repos.policies.attachmentsOf(h)) if (!a.policy_arn.startsWith('arn:aws:iam::aws:')) attached.add(a.policy_arn);
    for (const arn of attached) {
      await tryStep({ action: 'iam:CreatePolicyVersion', resource: arn }, me, [`aws iam create-policy-version --policy-arn ${arn} --policy-document ${q(ADMIN_DOC)} --set-as-default`]);
      const versions = await this.deps.store.repos.policies.listVersions(arn);
      const current = (await this.deps.store.repos.policies.get(arn))?.default_version;
      for (const v of versions) {
        if (v.version_id === current) continue;
        if (!/"Action"\s*:\s*"\*"/.test(v.document)) continue;
        await tryStep({ action: 'iam:SetDefaultPolicyVersion', resource: arn }, me, [`aws iam set-default-policy-version --policy-arn ${arn} --version-id ${v.version_id}`]);
      }
    }
    // Administrators it can become.
    for (const u of users) {
      if (u.id === self.id || !(await this.isAdmin(userCallerOf(u), false))) continue;
      const arn = rowArn(u);
      await tryStep({ action: 'iam:CreateAccessKey', resource: arn }, arn, [`aws iam create-access-key --user-name ${q(u.name)}`]);
      await tryStep({ action: 'iam:CreateLoginProfile', resource: arn }, arn, [`aws iam create-login-profile --user-name ${q(u.name)} --password <a new password>`]);
      await tryStep({ action: 'iam:UpdateLoginProfile', resource: arn }, arn, [`aws iam update-login-profile --user-name ${q(u.name)} --password <a new password>`]);
    }
    for (const r of roles) {
      if (r.id === self.id || !(await this.isAdmin(roleCallerOf(r, false, Date.now()), false))) continue;
      const arn = rowArn(r);
      if (r.trust_policy) {
        await tryStep({ action: 'sts:AssumeRole', resource: arn, resourcePolicy: { document: r.trust_policy, id: arn }, kind: 'trust' }, arn, [`aws sts assume-role --role-arn ${arn} --role-session-name escalate`]);
      }
      const selfTrust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: me }, Action: 'sts:AssumeRole' }] });
      await tryStep({ action: 'iam:UpdateAssumeRolePolicy', resource: arn }, arn, [`aws iam update-assume-role-policy --role-name ${q(r.name)} --policy-document ${q(selfTrust)}`, `aws sts assume-role --role-arn ${arn} --role-session-name escalate`]);
      const trust = r.trust_policy ?? '';
      const pass = await this.reach(caller, { action: 'iam:PassRole', resource: arn }, mfaCaller);
      if (!pass) continue;
      for (const [service, action, calls] of [
        ['ec2.amazonaws.com', 'ec2:RunInstances', [`aws ec2 run-instances --image-id <an AMI> --iam-instance-profile Name=<a profile of ${r.name}>`]],
        ['lambda.amazonaws.com', 'lambda:CreateFunction', [`aws lambda create-function --function-name escalate --role ${arn} --runtime python3.12 --handler index.handler --zip-file fileb://escalate.zip`, 'aws lambda invoke --function-name escalate out.json']],
      ] as const) {
        if (!trust.includes(service)) continue;
        const create = await this.reach(caller, { action, resource: '*' }, mfaCaller);
        if (create) out.push({ via: `iam:PassRole + ${action}`, becomes: arn, mfaRequired: pass.mfaRequired || create.mfaRequired, calls: [...calls], allowedBy: [...pass.allowedBy, ...create.allowedBy] });
      }
    }
    return { principal: principalArn, administrator: false, paths: out };
  }

  private async groups(): Promise<IamEntitiesTable[]> {
    return (await this.deps.store.repos.entities.listAll(this.accountId)).filter((e) => e.kind === 'group');
  }

  /** A group whose policies make its members administrators (decided for a member with only those policies). */
  private async groupIsAdmin(g: IamEntitiesTable): Promise<boolean> {
    const members = await this.deps.store.repos.entities.usersOfGroup(g.id);
    for (const m of members) if (await this.isAdmin(userCallerOf(m), false)) return true;
    return false;
  }
}

export const userCallerOf = userCaller;
export const roleCallerOf = roleCaller;
