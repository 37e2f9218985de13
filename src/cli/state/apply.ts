/**
 * `tessera apply`: makes the store hold what a state file says, through the product's own operations run
 * in process as each account's root (IAM: AWS's model decode, then the pipeline's prepare → authorize →
 * handle), so validation, limits and error codes are IAM's. Given secrets (access keys, MFA seeds) and S3
 * content go through the repositories and the blob store, as the operations that hold them do.
 *
 * Two phases: plan, then apply. Planning reads what each account holds, compares it with the file, decodes
 * every IAM call it will make (model constraints) and refuses what cannot be changed (no IAM update
 * operation) — all before the first write. An entity with the same content is left alone; the lists an
 * entity carries (tags, attached and inline policies, members, access keys, SSH keys, signing certificates,
 * an instance profile's role) become what the file says.
 * Entities the file does not name are left alone: apply never deletes a user, role, policy or bucket.
 */
import { createHash } from 'node:crypto';
import type { Caller } from '../../auth/caller.js';
import { Credentials } from '../../auth/credentials.js';
import { isServiceError } from '../../core/errors.js';
import { newSeed } from '../../services/iam/totp.js';
import { decodeInput, paramTree } from '../../protocol/query/decode.js';
import { loadModel } from '../../protocol/query/model.js';
import type { Deps } from '../../server/deps.js';
import { operationContext, runOperation } from '../../server/pipeline/run.js';
import { createAccount } from '../../services/accounts/accounts.js';
import { findManagedPolicy } from '../../services/iam/lookups.js';
import { seedAad } from '../../services/iam/mfa.js';
import { privateKeyAad } from '../../services/iam/serverCertificates.js';
import { serviceLinkedRoleName } from '../../services/iam/serviceLinked.js';
import { operations } from '../../services/registry.js';
import { bucketConfig } from '../../services/s3/api.js';
import { validateBucketName, validateKey } from '../../services/s3/names.js';
import { writeEncryption } from '../../services/s3/sse.js';
import { accessKeyTopic } from '../../store/repos/accessKeys.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import { ALL_TOPICS } from '../../store/store.js';
import { StateFileError, type AccountSpec, type BucketConfigName, type BucketSpec, type Inline, type KeySpec, type StateSpec, type Tags, type UserCredentialSpec } from './format.js';
import { snapshotAccount } from './snapshot.js';

/** What apply generated: shown once (stdout of `tessera apply`), never logged. */
export interface Generated {
  accounts: Array<{ AccountId: string; AccessKeyId: string; SecretAccessKey: string }>;
  accessKeys: Array<{ AccountId: string; UserName: string; AccessKeyId: string; SecretAccessKey: string }>;
  mfaDevices: Array<{ SerialNumber: string; Base32StringSeed: string }>;
}

export interface ApplyResult {
  generated: Generated;
  /** How many changes were made (0: the store already held the file's state). */
  changes: number;
}

interface Step {
  line: number;
  run: () => Promise<void>;
}

const iamModel = () => loadModel('iam');

const rootCaller = (accountId: string): Caller => ({ type: 'root', accountId, arn: `arn:aws:iam::${accountId}:root`, userId: accountId });

/** Query parameters for lists of tags and strings, as AWS's clients send them. */
function tagParams(tags: Tags): Record<string, string> {
  const out: Record<string, string> = {};
  Object.entries(tags).forEach(([k, v], i) => {
    out[`Tags.member.${i + 1}.Key`] = k;
    out[`Tags.member.${i + 1}.Value`] = v;
  });
  return out;
}
const listParams = (name: string, items: string[]) => Object.fromEntries(items.map((v, i) => [`${name}.member.${i + 1}`, v]));
const sameTags = (a: Tags, b: Tags) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

class Planner {
  readonly steps: Step[] = [];
  private n = 0;

  constructor(
    readonly deps: Deps,
    readonly file: string,
  ) {}

  fail(line: number, message: string): never {
    throw new StateFileError(this.file, line, message);
  }

  /** An IAM call as `accountId`'s root: decoded now (model constraints refused at plan time), run at apply time. */
  iam(line: number, accountId: string, action: string, params: Record<string, string>, after?: (out: Record<string, unknown>) => Promise<void> | void) {
    const op = operations.get('iam', action);
    const opModel = iamModel().operations[action];
    if (!op || !opModel) throw new Error(`no operation iam:${action}`);
    let input: Record<string, unknown>;
    try {
      input = decodeInput(iamModel(), opModel.input?.shape, paramTree(Object.entries(params)));
    } catch (e) {
      if (isServiceError(e)) this.fail(line, `${action}: ${e.code}: ${e.message}`);
      throw e;
    }
    this.step(line, async () => {
      const ex = { requestId: `apply-${++this.n}`, sourceIp: '127.0.0.1', secure: true, headers: [] as [string, string][] };
      const ctx = operationContext(this.deps, ex, { caller: rootCaller(accountId), region: this.deps.config.region }, this.deps.clock.now());
      const out = ((await runOperation(op, input, ctx, {})) ?? {}) as Record<string, unknown>;
      await after?.(out);
    });
  }

  step(line: number, run: () => Promise<void>) {
    this.steps.push({ line, run });
  }
}

export async function applyState(deps: Deps, spec: StateSpec): Promise<ApplyResult> {
  const generated: Generated = { accounts: [], accessKeys: [], mfaDevices: [] };
  const p = new Planner(deps, spec.file);
  for (const a of spec.accounts) await planAccount(p, a, generated);
  for (const s of p.steps) {
    try {
      await s.run();
    } catch (e) {
      if (isServiceError(e)) throw new StateFileError(spec.file, s.line, `${e.code}: ${e.message}`);
      throw e;
    }
  }
  if (p.steps.length > 0) await deps.store.publish(ALL_TOPICS);
  return { generated, changes: p.steps.length };
}

async function planAccount(p: Planner, a: AccountSpec, generated: Generated) {
  const { deps } = p;
  const exists = (await deps.store.repos.accounts.get(a.id)) !== undefined;
  const current = exists ? await snapshotAccount(deps, a.id, false) : await emptyAccount(a.id);
  if (!exists) {
    p.step(a.line, async () => {
      const created = await createAccount(deps.store, deps.keyring, { id: a.id, ...(a.name ? { name: a.name } : {}), now: deps.clock.now() });
      if (a.rootAccessKey?.id && a.rootAccessKey.secret) {
        await deps.store.repos.accessKeys.deleteRootExcept(a.id, undefined);
        await deps.store.publish(accessKeyTopic(created.accessKeyId));
        await insertKey(deps, a.id, null, null, a.rootAccessKey);
      } else {
        generated.accounts.push({ AccountId: a.id, AccessKeyId: created.accessKeyId, SecretAccessKey: created.secretAccessKey });
        a.rootAccessKey = { id: created.accessKeyId, secret: created.secretAccessKey, line: a.line };
      }
    });
  }
  const id = a.id;
  const policyArn = (path: string, name: string) => `arn:aws:iam::${id}:policy${path}${name}`;

  // Every policy ARN the file attaches or uses as a boundary exists (AWS managed, in the store, or in the file): checked before any write.
  const fileArns = new Set(a.policies.map((x) => policyArn(x.path, x.name)));
  const named = [...a.users, ...a.groups, ...a.roles].flatMap((e) => [...e.attachedPolicies, ...('permissionsBoundary' in e && e.permissionsBoundary ? [e.permissionsBoundary] : [])].map((arn) => ({ arn, line: e.line })));
  for (const { arn, line } of named) {
    if (!fileArns.has(arn) && !(await findManagedPolicy(deps, id, arn))) p.fail(line, `NoSuchEntity: Policy ${arn} does not exist or is not attachable.`);
  }

  // Customer managed policies first: users, groups and roles attach them and use them as boundaries.
  for (const pol of a.policies) {
    const cur = current.policies.find((c) => c.name.toLowerCase() === pol.name.toLowerCase());
    if (!cur) {
      p.iam(pol.line, id, 'CreatePolicy', { PolicyName: pol.name, Path: pol.path, PolicyDocument: pol.document, ...(pol.description ? { Description: pol.description } : {}), ...tagParams(pol.tags) });
      continue;
    }
    if (cur.path !== pol.path) p.fail(pol.line, `policy ${pol.name} exists with path ${cur.path}: IAM cannot change a policy's path (delete it first)`);
    if ((cur.description ?? '') !== (pol.description ?? '')) p.fail(pol.line, `policy ${pol.name} exists with another description: IAM cannot change it (delete the policy first)`);
    planTags(p, pol.line, id, 'Policy', { PolicyArn: policyArn(cur.path, cur.name) }, cur.tags, pol.tags);
    if (cur.document !== pol.document) {
      const arn = policyArn(cur.path, cur.name);
      const versions = await deps.store.repos.policies.listVersions(arn);
      const row = await deps.store.repos.policies.get(arn);
      if (versions.length >= 5) {
        const oldest = versions.filter((v) => v.version_id !== row?.default_version).sort((x, y) => x.created_at - y.created_at)[0];
        if (oldest) p.iam(pol.line, id, 'DeletePolicyVersion', { PolicyArn: arn, VersionId: oldest.version_id });
      }
      p.iam(pol.line, id, 'CreatePolicyVersion', { PolicyArn: arn, PolicyDocument: pol.document, SetAsDefault: 'true' });
    }
  }

  for (const u of a.users) {
    const cur = current.users.find((c) => c.name.toLowerCase() === u.name.toLowerCase());
    if (!cur) p.iam(u.line, id, 'CreateUser', { UserName: u.name, Path: u.path, ...tagParams(u.tags), ...(u.permissionsBoundary ? { PermissionsBoundary: u.permissionsBoundary } : {}) });
    else {
      if (cur.path !== u.path) p.iam(u.line, id, 'UpdateUser', { UserName: u.name, NewPath: u.path });
      planTags(p, u.line, id, 'User', { UserName: u.name }, cur.tags, u.tags);
      if ((cur.permissionsBoundary ?? '') !== (u.permissionsBoundary ?? '')) {
        if (u.permissionsBoundary) p.iam(u.line, id, 'PutUserPermissionsBoundary', { UserName: u.name, PermissionsBoundary: u.permissionsBoundary });
        else p.iam(u.line, id, 'DeleteUserPermissionsBoundary', { UserName: u.name });
      }
    }
    planPolicies(p, u.line, id, 'User', u.name, cur?.attachedPolicies ?? [], u.attachedPolicies, cur?.inlinePolicies ?? {}, u.inlinePolicies);
    await planKeys(p, id, u.name, u.line, cur?.accessKeys ?? [], u.accessKeys, generated);
    await planUserCredentials(p, id, u.name, u.line, 'ssh', u.sshPublicKeys);
    await planUserCredentials(p, id, u.name, u.line, 'signing', u.signingCertificates);
  }

  for (const g of a.groups) {
    const cur = current.groups.find((c) => c.name.toLowerCase() === g.name.toLowerCase());
    if (!cur) p.iam(g.line, id, 'CreateGroup', { GroupName: g.name, Path: g.path });
    else if (cur.path !== g.path) p.fail(g.line, `group ${g.name} exists with path ${cur.path}: Tessera has no UpdateGroup (delete the group first)`);
    const had = new Set((cur?.members ?? []).map((m) => m.toLowerCase()));
    const want = new Set(g.members.map((m) => m.toLowerCase()));
    for (const m of g.members) {
      if (!a.users.some((x) => x.name.toLowerCase() === m.toLowerCase()) && !current.users.some((x) => x.name.toLowerCase() === m.toLowerCase())) {
        p.fail(g.line, `group ${g.name}: member ${m} is not a user of account ${id} (nor of the file)`);
      }
      if (!had.has(m.toLowerCase())) p.iam(g.line, id, 'AddUserToGroup', { GroupName: g.name, UserName: m });
    }
    for (const m of cur?.members ?? []) if (!want.has(m.toLowerCase())) p.iam(g.line, id, 'RemoveUserFromGroup', { GroupName: g.name, UserName: m });
    planPolicies(p, g.line, id, 'Group', g.name, cur?.attachedPolicies ?? [], g.attachedPolicies, cur?.inlinePolicies ?? {}, g.inlinePolicies);
  }

  for (const r of a.roles) {
    const cur = current.roles.find((c) => c.name.toLowerCase() === r.name.toLowerCase());
    if (!cur) {
      p.iam(r.line, id, 'CreateRole', {
        RoleName: r.name,
        Path: r.path,
        AssumeRolePolicyDocument: r.trustPolicy,
        ...(r.description ? { Description: r.description } : {}),
        ...(r.maxSessionDuration ? { MaxSessionDuration: String(r.maxSessionDuration) } : {}),
        ...(r.permissionsBoundary ? { PermissionsBoundary: r.permissionsBoundary } : {}),
        ...tagParams(r.tags),
      });
    } else {
      if (cur.path !== r.path) p.fail(r.line, `role ${r.name} exists with path ${cur.path}: IAM cannot change a role's path (delete the role first)`);
      if ((cur.description ?? '') !== (r.description ?? '') || (cur.maxSessionDuration ?? 3600) !== (r.maxSessionDuration ?? 3600)) {
        p.iam(r.line, id, 'UpdateRole', { RoleName: r.name, Description: r.description ?? '', MaxSessionDuration: String(r.maxSessionDuration ?? 3600) });
      }
      if (cur.trustPolicy !== r.trustPolicy) p.iam(r.line, id, 'UpdateAssumeRolePolicy', { RoleName: r.name, PolicyDocument: r.trustPolicy });
      planTags(p, r.line, id, 'Role', { RoleName: r.name }, cur.tags, r.tags);
      if ((cur.permissionsBoundary ?? '') !== (r.permissionsBoundary ?? '')) {
        if (r.permissionsBoundary) p.iam(r.line, id, 'PutRolePermissionsBoundary', { RoleName: r.name, PermissionsBoundary: r.permissionsBoundary });
        else p.iam(r.line, id, 'DeleteRolePermissionsBoundary', { RoleName: r.name });
      }
    }
    planPolicies(p, r.line, id, 'Role', r.name, cur?.attachedPolicies ?? [], r.attachedPolicies, cur?.inlinePolicies ?? {}, r.inlinePolicies);
  }

  for (const m of a.mfaDevices) {
    const serial = `arn:aws:iam::${id}:mfa${m.path}${m.name}`;
    const cur = current.mfaDevices.find((c) => c.name === m.name && c.path === m.path);
    if (m.user && !a.users.some((x) => x.name.toLowerCase() === m.user!.toLowerCase()) && !current.users.some((x) => x.name.toLowerCase() === m.user!.toLowerCase())) {
      p.fail(m.line, `MFA device ${m.name}: user ${m.user} is not a user of account ${id} (nor of the file)`);
    }
    if (cur) {
      if (m.seed) {
        const row = await deps.store.repos.mfaDevices.get(serial);
        if (row && (await deps.keyring.decrypt(row.seed_cipher, seedAad(serial))) !== m.seed) p.fail(m.line, `MFA device ${serial} exists with another seed (delete it first)`);
      }
      planTags(p, m.line, id, 'MFADevice', { SerialNumber: serial }, cur.tags, m.tags);
      if ((cur.user ?? '') === (m.user ?? '')) continue;
      if (cur.user) p.fail(m.line, `MFA device ${serial} is enabled for ${cur.user} (deactivate it first)`);
    } else {
      // The model's constraints on the name and path, as CreateVirtualMFADevice would check them.
      const decoded = iamModel().operations.CreateVirtualMFADevice!;
      try {
        decodeInput(iamModel(), decoded.input?.shape, paramTree(Object.entries({ VirtualMFADeviceName: m.name, Path: m.path, ...tagParams(m.tags) })));
      } catch (e) {
        if (isServiceError(e)) p.fail(m.line, `CreateVirtualMFADevice: ${e.code}: ${e.message}`);
        throw e;
      }
      p.step(m.line, async () => {
        const seed = m.seed ?? newSeed();
        await deps.store.repos.mfaDevices.insert({
          serial,
          account_id: id,
          name: m.name,
          path: m.path,
          seed_cipher: deps.keyring.encrypt(seed, seedAad(serial)),
          user_id: null,
          enable_date: null,
          created_at: deps.clock.now(),
          last_step: null,
          tags: JSON.stringify(Object.entries(m.tags).map(([Key, Value]) => ({ Key, Value }))),
        });
        if (!m.seed) {
          generated.mfaDevices.push({ SerialNumber: serial, Base32StringSeed: seed });
          m.seed = seed;
        }
      });
    }
    if (m.user) {
      // Enabled as if long ago: no TOTP step is spent, so a test may use the current code at once.
      p.step(m.line, async () => {
        const user = await deps.store.repos.entities.get(id, 'user', m.user!);
        if (!user) throw new StateFileError(p.file, m.line, `no user ${m.user}`);
        if (!(await deps.store.repos.mfaDevices.enable(serial, user.id, deps.clock.now(), 0))) throw new StateFileError(p.file, m.line, `MFA device ${serial} is in use`);
      });
    }
  }

  for (const s of a.samlProviders) {
    const cur = current.samlProviders.find((c) => c.name === s.name);
    if (!cur) p.iam(s.line, id, 'CreateSAMLProvider', { Name: s.name, SAMLMetadataDocument: s.metadata, ...tagParams(s.tags) });
    else {
      if (cur.metadata !== s.metadata) p.iam(s.line, id, 'UpdateSAMLProvider', { SAMLProviderArn: `arn:aws:iam::${id}:saml-provider/${s.name}`, SAMLMetadataDocument: s.metadata });
      planTags(p, s.line, id, 'SAMLProvider', { SAMLProviderArn: `arn:aws:iam::${id}:saml-provider/${s.name}` }, cur.tags, s.tags);
    }
  }

  for (const o of a.oidcProviders) {
    const cur = current.oidcProviders.find((c) => c.url === o.url);
    if (!cur) p.iam(o.line, id, 'CreateOpenIDConnectProvider', { Url: o.url, ...listParams('ClientIDList', o.clientIds), ...listParams('ThumbprintList', o.thumbprints), ...tagParams(o.tags) });
    else {
      if (JSON.stringify(cur.clientIds) !== JSON.stringify(o.clientIds) || JSON.stringify(cur.thumbprints) !== JSON.stringify(o.thumbprints)) {
        p.fail(o.line, `OIDC provider ${o.url} exists with other client ids or thumbprints: Tessera has no operation to change them (delete it first)`);
      }
      const row = await deps.store.repos.providers.findOidcByUrl(id, o.url);
      if (row) planTags(p, o.line, id, 'OpenIDConnectProvider', { OpenIDConnectProviderArn: row.arn }, cur.tags, o.tags);
    }
  }

  await planInstanceProfiles(p, a, current);
  planServiceLinkedRoles(p, a, current);
  await planServerCertificates(p, a, current);

  await planBuckets(p, a, current);
}

async function emptyAccount(id: string): Promise<AccountSpec> {
  return { id, policies: [], users: [], groups: [], roles: [], mfaDevices: [], instanceProfiles: [], serviceLinkedRoles: [], serverCertificates: [], samlProviders: [], oidcProviders: [], buckets: [], line: 0 };
}

/** Tags become the file's through IAM's Untag<Kind> and Tag<Kind> (`target`: the operation's identifying parameter). */
function planTags(p: Planner, line: number, accountId: string, kind: string, target: Record<string, string>, had: Tags, want: Tags) {
  if (sameTags(had, want)) return;
  const removed = Object.keys(had).filter((k) => !(k in want));
  if (removed.length) p.iam(line, accountId, `Untag${kind}`, { ...target, ...listParams('TagKeys', removed) });
  const changed = Object.fromEntries(Object.entries(want).filter(([k, v]) => had[k] !== v));
  if (Object.keys(changed).length) p.iam(line, accountId, `Tag${kind}`, { ...target, ...tagParams(changed) });
}

/** Server certificates through UploadServerCertificate; a given private key is checked against a stored one. */
async function planServerCertificates(p: Planner, a: AccountSpec, current: AccountSpec) {
  for (const c of a.serverCertificates) {
    const cur = current.serverCertificates.find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    const target = { ServerCertificateName: c.name };
    if (!cur) {
      if (!c.privateKey) p.fail(c.line, `server certificate ${c.name} does not exist and the file gives no private key for it (export with --include-secrets)`);
      p.iam(c.line, a.id, 'UploadServerCertificate', { ...target, Path: c.path, CertificateBody: c.body, PrivateKey: c.privateKey, ...(c.chain ? { CertificateChain: c.chain } : {}), ...tagParams(c.tags) });
      continue;
    }
    if (cur.path !== c.path || cur.body.trim() !== c.body.trim() || (cur.chain ?? '').trim() !== (c.chain ?? '').trim()) {
      p.fail(c.line, `server certificate ${c.name} exists with another path, body or chain (delete it first)`);
    }
    if (c.privateKey) {
      const row = await p.deps.store.repos.serverCertificates.get(a.id, c.name);
      if (row && (await p.deps.keyring.decrypt(row.key_cipher, privateKeyAad(row.id))) !== c.privateKey) p.fail(c.line, `server certificate ${c.name} exists with another private key (delete it first)`);
    }
    planTags(p, c.line, a.id, 'ServerCertificate', target, cur.tags, c.tags);
  }
}

/** Service-linked roles through CreateServiceLinkedRole (their own path and trust policy); IAM changes nothing else of them. */
function planServiceLinkedRoles(p: Planner, a: AccountSpec, current: AccountSpec) {
  for (const r of a.serviceLinkedRoles) {
    let name: string;
    try {
      name = serviceLinkedRoleName(r.service, r.suffix);
    } catch (e) {
      if (isServiceError(e)) p.fail(r.line, `CreateServiceLinkedRole: ${e.code}: ${e.message}`);
      throw e;
    }
    const cur = current.serviceLinkedRoles.find((c) => c.service === r.service && (c.suffix ?? '') === (r.suffix ?? ''));
    if (!cur) {
      if (current.roles.some((x) => x.name.toLowerCase() === name.toLowerCase())) p.fail(r.line, `service-linked role ${name}: a role of that name exists`);
      p.iam(r.line, a.id, 'CreateServiceLinkedRole', { AWSServiceName: r.service, ...(r.suffix ? { CustomSuffix: r.suffix } : {}), ...(r.description ? { Description: r.description } : {}) });
    } else if ((cur.description ?? '') !== (r.description ?? '')) p.fail(r.line, `service-linked role ${name} exists with another description: only its service may change it`);
  }
}

/** Instance profiles after roles: each made with its tags, then given its role (at most one, as IAM allows). */
async function planInstanceProfiles(p: Planner, a: AccountSpec, current: AccountSpec) {
  const id = a.id;
  for (const ip of a.instanceProfiles) {
    const cur = current.instanceProfiles.find((c) => c.name.toLowerCase() === ip.name.toLowerCase());
    if (ip.role && !a.roles.some((x) => x.name.toLowerCase() === ip.role!.toLowerCase()) && !current.roles.some((x) => x.name.toLowerCase() === ip.role!.toLowerCase())) {
      p.fail(ip.line, `instance profile ${ip.name}: role ${ip.role} is not a role of account ${id} (nor of the file)`);
    }
    const target = { InstanceProfileName: ip.name };
    if (!cur) p.iam(ip.line, id, 'CreateInstanceProfile', { ...target, Path: ip.path, ...tagParams(ip.tags) });
    else {
      if (cur.path !== ip.path) p.fail(ip.line, `instance profile ${ip.name} exists with path ${cur.path}: IAM cannot change it (delete the instance profile first)`);
      planTags(p, ip.line, id, 'InstanceProfile', target, cur.tags, ip.tags);
    }
    if ((cur?.role ?? '').toLowerCase() === (ip.role ?? '').toLowerCase()) continue;
    if (cur?.role) p.iam(ip.line, id, 'RemoveRoleFromInstanceProfile', { ...target, RoleName: cur.role });
    if (ip.role) p.iam(ip.line, id, 'AddRoleToInstanceProfile', { ...target, RoleName: ip.role });
  }
}

function planPolicies(p: Planner, line: number, accountId: string, kind: 'User' | 'Group' | 'Role', name: string, hadArns: string[], wantArns: string[], hadInline: Inline, wantInline: Inline) {
  const target = { [`${kind}Name`]: name };
  for (const arn of wantArns) if (!hadArns.includes(arn)) p.iam(line, accountId, `Attach${kind}Policy`, { ...target, PolicyArn: arn });
  for (const arn of hadArns) if (!wantArns.includes(arn)) p.iam(line, accountId, `Detach${kind}Policy`, { ...target, PolicyArn: arn });
  for (const [policyName, doc] of Object.entries(wantInline)) {
    if (hadInline[policyName] !== doc) p.iam(line, accountId, `Put${kind}Policy`, { ...target, PolicyName: policyName, PolicyDocument: doc });
  }
  for (const policyName of Object.keys(hadInline)) if (!(policyName in wantInline)) p.iam(line, accountId, `Delete${kind}Policy`, { ...target, PolicyName: policyName });
}

const CREDENTIAL_OPS = {
  ssh: { upload: 'UploadSSHPublicKey', update: 'UpdateSSHPublicKey', remove: 'DeleteSSHPublicKey', body: 'SSHPublicKeyBody', id: 'SSHPublicKeyId', out: 'SSHPublicKey' },
  signing: { upload: 'UploadSigningCertificate', update: 'UpdateSigningCertificate', remove: 'DeleteSigningCertificate', body: 'CertificateBody', id: 'CertificateId', out: 'Certificate' },
} as const;

/** A user's SSH public keys or signing certificates become the file's (matched by body): uploaded, their status set, the others deleted. */
async function planUserCredentials(p: Planner, accountId: string, userName: string, userLine: number, kind: 'ssh' | 'signing', want: UserCredentialSpec[]) {
  const ops = CREDENTIAL_OPS[kind];
  const user = await p.deps.store.repos.entities.get(accountId, 'user', userName);
  const had = user ? await p.deps.store.repos.userCredentials.ofUser(user.id, kind) : [];
  const target = { UserName: userName };
  for (const c of want) {
    const status = c.status ?? 'Active';
    const row = had.find((h) => (h.body ?? '').trim() === c.body.trim());
    if (row) {
      if (row.status !== status) p.iam(c.line, accountId, ops.update, { ...target, [ops.id]: row.id, Status: status });
      continue;
    }
    p.iam(c.line, accountId, ops.upload, { ...target, [ops.body]: c.body }, async (out) => {
      // An Inactive entry: set as Update<Kind> would set it.
      if (status === 'Inactive') await p.deps.store.repos.userCredentials.update((out[ops.out] as Record<string, string>)[ops.id]!, { status });
    });
  }
  for (const h of had) if (!want.some((c) => c.body.trim() === (h.body ?? '').trim())) p.iam(userLine, accountId, ops.remove, { ...target, [ops.id]: h.id });
}

/** Given keys are made (secret checked when the key exists); `{}` entries are generated once; other keys are deleted. */
async function planKeys(p: Planner, accountId: string, userName: string, userLine: number, had: KeySpec[], want: KeySpec[], generated: Generated) {
  const { deps } = p;
  const given = want.filter((k) => k.id);
  let toGenerate = want.filter((k) => !k.id);
  const spare = had.filter((h) => !given.some((g) => g.id === h.id));
  // Keys made by an earlier apply's `{}` entries stand for them.
  const keptForGenerated = spare.slice(0, toGenerate.length);
  // The resolved file (kept for POST /_admin/reset) names them, so a reset brings back the same keys.
  for (const [i, h] of keptForGenerated.entries()) {
    const row = await deps.store.repos.accessKeys.get(h.id!);
    if (row) Object.assign(toGenerate[i]!, { id: row.access_key_id, secret: await deps.keyring.decrypt(row.secret_cipher, Credentials.secretAad(row.access_key_id)) });
  }
  toGenerate = toGenerate.slice(keptForGenerated.length);
  for (const h of spare.slice(keptForGenerated.length)) p.iam(userLine, accountId, 'DeleteAccessKey', { UserName: userName, AccessKeyId: h.id! });
  for (const k of given) {
    const row = await deps.store.repos.accessKeys.get(k.id!);
    if (row) {
      if (row.user_name?.toLowerCase() !== userName.toLowerCase() || row.account_id !== accountId) p.fail(k.line, `access key ${k.id} belongs to another user or account`);
      if (k.secret && (await deps.keyring.decrypt(row.secret_cipher, Credentials.secretAad(row.access_key_id))) !== k.secret) p.fail(k.line, `access key ${k.id} exists with another secret (delete it first)`);
      if (k.status && k.status !== row.status) p.iam(k.line, accountId, 'UpdateAccessKey', { UserName: userName, AccessKeyId: k.id!, Status: k.status });
      continue;
    }
    if (!k.secret) p.fail(k.line, `access key ${k.id} does not exist and the file gives no secret for it (export with --include-secrets)`);
    p.step(k.line, async () => {
      const user = await deps.store.repos.entities.get(accountId, 'user', userName);
      if (!user) throw new StateFileError(p.file, k.line, `no user ${userName}`);
      await insertKey(deps, accountId, user.id, user.name, k);
    });
  }
  for (const k of toGenerate) {
    p.iam(k.line, accountId, 'CreateAccessKey', { UserName: userName }, (out) => {
      const key = out.AccessKey as { AccessKeyId: string; SecretAccessKey: string };
      generated.accessKeys.push({ AccountId: accountId, UserName: userName, AccessKeyId: key.AccessKeyId, SecretAccessKey: key.SecretAccessKey });
      // The resolved file (kept for POST /_admin/reset) now names the key.
      k.id = key.AccessKeyId;
      k.secret = key.SecretAccessKey;
    });
  }
}

/** A given access key, stored as CreateAccessKey stores one (secret sealed with the key ring). */
async function insertKey(deps: Deps, accountId: string, userId: string | null, userName: string | null, k: KeySpec) {
  if (await deps.store.repos.accessKeys.get(k.id!)) throw new Error(`access key ${k.id} exists already`);
  if (userId && (await deps.store.repos.accessKeys.listOwned(accountId, userId)).length >= 2) throw new Error('Cannot exceed quota for AccessKeysPerUser: 2');
  await deps.store.repos.accessKeys.insert({
    access_key_id: k.id!,
    account_id: accountId,
    principal_type: userId ? 'user' : 'root',
    user_id: userId,
    user_name: userName,
    secret_cipher: deps.keyring.encrypt(k.secret!, Credentials.secretAad(k.id!)),
    status: k.status ?? 'Active',
    created_at: deps.clock.now(),
    last_used_at: null,
    last_used_service: null,
    last_used_region: null,
  });
  await deps.store.publish(accessKeyTopic(k.id!));
}

const BUCKET_RESOURCE = (bucket: string) => `arn:aws:s3:::${bucket}`;

async function planBuckets(p: Planner, a: AccountSpec, current: AccountSpec) {
  const { deps } = p;
  for (const b of a.buckets) {
    try {
      validateBucketName(b.name);
      for (const o of b.objects) validateKey(o.key);
    } catch (e) {
      if (isServiceError(e)) p.fail(b.line, `bucket ${b.name}: ${e.code}: ${e.message}`);
      throw e;
    }
    if (b.policy) {
      // S3: every Resource of a bucket policy names this bucket or its objects.
      const doc = JSON.parse(b.policy) as { Statement?: unknown };
      for (const s of (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) as Array<Record<string, unknown>>) {
        const res = s?.Resource ?? s?.NotResource;
        for (const r of Array.isArray(res) ? res : [res]) {
          if (typeof r === 'string' && r !== BUCKET_RESOURCE(b.name) && !r.startsWith(BUCKET_RESOURCE(b.name) + '/')) p.fail(b.line, `bucket ${b.name}: MalformedPolicy: Policy has invalid resource ${r}`);
        }
      }
    }
    const row = await deps.store.repos.buckets.get(b.name);
    if (row && row.account_id !== a.id) p.fail(b.line, `bucket ${b.name} belongs to account ${row.account_id}`);
    const region = b.region ?? 'us-east-1';
    if (row && row.region !== region) p.fail(b.line, `bucket ${b.name} exists in ${row.region}: a bucket cannot move`);
    const cur = current.buckets.find((c) => c.name === b.name);
    const want = wantedConfig(p, b);
    if (!row) {
      p.step(b.line, async () => {
        // ACLs disabled as on a new bucket unless the file says otherwise; no public access block unless the
        // file gives one: the declared policy applies as declared. Object Lock at creation, as CreateBucket with
        // x-amz-bucket-object-lock-enabled (versioning Enabled) followed by PutObjectLockConfiguration.
        const row = { name: b.name, account_id: a.id, region, created_at: deps.clock.now(), policy: b.policy ?? null, object_ownership: want.object_ownership, encryption: want.encryption, cors: want.cors, public_access_block: want.public_access_block, versioning: want.versioning, object_lock: want.object_lock };
        if (!(await deps.store.repos.buckets.insert(row))) {
          throw new StateFileError(p.file, b.line, `bucket ${b.name} exists already`);
        }
        if (want.lifecycle) await deps.store.repos.buckets.setLifecycle(b.name, want.lifecycle);
      });
    } else {
      if ((cur?.policy ?? '') !== (b.policy ?? '')) p.step(b.line, () => deps.store.repos.buckets.setPolicy(b.name, b.policy ?? null));
      planBucketConfig(p, b, row, want);
    }
    for (const o of b.objects) {
      const had = cur?.objects.find((x) => x.key === o.key);
      if (had && had.content === o.content && had.contentType === o.contentType) continue;
      p.step(o.line, () => putObject(deps, a.id, b.name, o.key, Buffer.from(o.content, 'utf8'), o.contentType));
    }
  }
}

/** The bucket row's configuration columns the file asks for (absent sections: none; see BucketConfigSpec). */
function wantedConfig(p: Planner, b: BucketSpec) {
  const versioning = b.versioning ?? (b.objectLock ? 'Enabled' : null);
  if (b.objectLock && versioning !== 'Enabled') {
    p.fail(b.lines?.versioning ?? b.line, `bucket ${b.name}: InvalidBucketState: An Object Lock configuration is present on this bucket, so the versioning state cannot be changed (Object Lock needs versioning Enabled)`);
  }
  return {
    versioning,
    encryption: b.encryption ?? null,
    cors: b.cors ?? null,
    lifecycle: b.lifecycle ?? null,
    object_lock: b.objectLock ?? null,
    // Left out: S3's default for a new bucket (all four on), as CreateBucket gives — never silently none.
    public_access_block: b.publicAccessBlock ?? bucketConfig.DEFAULT_PUBLIC_ACCESS_BLOCK_STORED,
    object_ownership: b.objectOwnership === undefined ? 'BucketOwnerEnforced' : b.objectOwnership === 'none' ? null : b.objectOwnership,
  };
}

/**
 * An existing bucket's configuration becomes the file's, through the repository calls the Put and Delete
 * operations make; what S3 cannot undo (versioning back to never versioned, Object Lock disabled) is an error.
 */
function planBucketConfig(p: Planner, b: BucketSpec, row: S3BucketsTable, want: ReturnType<typeof wantedConfig>) {
  const buckets = p.deps.store.repos.buckets;
  const line = (k: BucketConfigName) => b.lines?.[k] ?? b.line;
  if (row.versioning && !want.versioning) p.fail(b.line, `bucket ${b.name} is versioned (${row.versioning}): a bucket once versioned cannot be unversioned (say versioning: Suspended)`);
  if (row.object_lock && !want.object_lock) p.fail(b.line, `bucket ${b.name} has Object Lock enabled: it cannot be disabled (give its objectLock)`);
  if (want.versioning && row.versioning !== want.versioning) p.step(line('versioning'), () => buckets.setVersioning(b.name, want.versioning!));
  if ((row.encryption ?? null) !== want.encryption) p.step(line('encryption'), () => buckets.setEncryption(b.name, want.encryption));
  if ((row.cors ?? null) !== want.cors) p.step(line('cors'), () => buckets.setCors(b.name, want.cors));
  if ((row.lifecycle ?? null) !== want.lifecycle) p.step(line('lifecycle'), () => buckets.setLifecycle(b.name, want.lifecycle));
  if (want.object_lock && row.object_lock !== want.object_lock) p.step(line('objectLock'), () => buckets.setObjectLock(b.name, want.object_lock!));
  if (!bucketConfig.samePublicAccessBlock(row.public_access_block ?? null, want.public_access_block)) {
    p.step(line('publicAccessBlock'), async () => void (await buckets.setAccessControl(b.name, { public_access_block: want.public_access_block })));
  }
  if ((row.object_ownership ?? null) !== want.object_ownership) {
    p.step(line('objectOwnership'), async () => void (await buckets.setAccessControl(b.name, { object_ownership: want.object_ownership })));
  }
}

/** As PutObject stores an object: the bytes in a durable blob, then the metadata; a replaced object's blob removed. */
async function putObject(deps: Deps, accountId: string, bucket: string, key: string, bytes: Buffer, contentType: string) {
  const { blobs } = deps;
  // Encrypted as a PutObject without SSE headers would be: by the bucket's default encryption.
  const enc = writeEncryption(deps.keyring, undefined, (await deps.store.repos.buckets.get(bucket)) ?? {}, deps.config.s3DefaultEncryption);
  const blob = await blobs.write((async function* () {
    yield bytes;
  })(), enc.keys);
  const old = await deps.store.repos.objects.put({
    bucket,
    key,
    blobs: JSON.stringify([{ id: blob.id, size: blob.size }]),
    size: blob.size,
    etag: createHash('md5').update(bytes).digest('hex'),
    last_modified: Date.now(),
    content_type: contentType,
    headers: JSON.stringify(enc.stored),
    checksum_algorithm: null,
    checksum_value: null,
    parts_count: null,
    owner_account: accountId,
    version_id: 'null',
    delete_marker: 0,
    tags: null,
    object_lock: null,
  });
  if (old) await blobs.remove((JSON.parse(old.blobs) as Array<{ id: string }>).map((b) => b.id));
}
