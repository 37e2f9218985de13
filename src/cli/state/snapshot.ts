/**
 * What an account holds now, in the state file's shape: what `export-state` writes, and what `apply`
 * compares the file with (an entity with the same content is left alone).
 */
import { Credentials } from '../../auth/credentials.js';
import type { Deps } from '../../server/deps.js';
import { seedAad } from '../../services/iam/mfa.js';
import { privateKeyAad } from '../../services/iam/serverCertificates.js';
import { SERVICE_ROLE_PATH } from '../../services/iam/serviceLinked.js';
import { SERVICE_LINKED_NAMES } from '../../services/iam/serviceLinkedNames.js';
import { readObject as readObjectBytes } from '../../services/s3/objects.js';
import { sealedRead } from '../../services/s3/sse.js';
import { bucketConfig } from '../../services/s3/api.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import { canonicalJson, type AccountSpec, type BucketConfigSpec, type KeySpec, type Tags } from './format.js';

const tagsOf = (json: string): Tags => Object.fromEntries((JSON.parse(json) as Array<{ Key: string; Value: string }>).map((t) => [t.Key, t.Value]));


/** The account's content; secrets (access-key secrets, MFA seeds, server certificates' private keys) only with `secrets`. */
export async function snapshotAccount(deps: Deps, accountId: string, secrets: boolean): Promise<AccountSpec> {
  const repos = deps.store.repos;
  const account = await repos.accounts.get(accountId);
  const entities = await repos.entities.listAll(accountId);
  const nameById = new Map(entities.map((e) => [e.id, e.name]));
  const attached = async (id: string) => (await repos.policies.attachmentsOf(id)).map((a) => a.policy_arn).sort();
  const inline = async (id: string) => Object.fromEntries((await repos.policies.inlineOf(id)).map((p) => [p.name, canonicalJson(p.document)]));
  const credentials = async (userId: string, kind: 'ssh' | 'signing') =>
    (await repos.userCredentials.ofUser(userId, kind)).map((c) => ({ body: c.body ?? '', ...(c.status === 'Inactive' ? { status: 'Inactive' as const } : {}), line: 0 }));
  const key = async (k: { access_key_id: string; secret_cipher: string; status: 'Active' | 'Inactive' }): Promise<KeySpec> => ({
    id: k.access_key_id,
    ...(secrets ? { secret: await deps.keyring.decrypt(k.secret_cipher, Credentials.secretAad(k.access_key_id)) } : {}),
    status: k.status,
    line: 0,
  });
  const spec: AccountSpec = { id: accountId, policies: [], users: [], groups: [], roles: [], mfaDevices: [], instanceProfiles: [], serviceLinkedRoles: [], serverCertificates: [], samlProviders: [], oidcProviders: [], buckets: [], line: 0 };
  if (account && account.name !== 'default' && account.name !== accountId) spec.name = account.name;
  if (secrets && account && account.id !== deps.config.accountId) {
    const roots = await repos.accessKeys.listRoot(accountId);
    if (roots[0]) spec.rootAccessKey = await key(roots[0]);
  }
  for (const p of await repos.policies.list(accountId)) {
    const doc = await repos.policies.defaultDocument(p.arn);
    spec.policies.push({ name: p.name, path: p.path, ...(p.description ? { description: p.description } : {}), document: canonicalJson(doc ?? '{}'), tags: tagsOf(p.tags), line: 0 });
  }
  for (const e of entities) {
    if (e.kind === 'user') {
      const keys = await repos.accessKeys.listOwned(accountId, e.id);
      spec.users.push({
        name: e.name,
        path: e.path,
        tags: tagsOf(e.tags),
        ...(e.boundary_arn ? { permissionsBoundary: e.boundary_arn } : {}),
        attachedPolicies: await attached(e.id),
        inlinePolicies: await inline(e.id),
        accessKeys: await Promise.all(keys.map(key)),
        sshPublicKeys: await credentials(e.id, 'ssh'),
        signingCertificates: await credentials(e.id, 'signing'),
        line: 0,
      });
    } else if (e.kind === 'group') {
      spec.groups.push({ name: e.name, path: e.path, members: (await repos.entities.usersOfGroup(e.id)).map((u) => u.name).sort(), attachedPolicies: await attached(e.id), inlinePolicies: await inline(e.id), line: 0 });
    } else if (e.path.startsWith(SERVICE_ROLE_PATH)) {
      // Made again by CreateServiceLinkedRole: the service, and the suffix after its role name's `_`.
      const service = e.path.slice(SERVICE_ROLE_PATH.length, -1);
      const base = SERVICE_LINKED_NAMES[service]?.name;
      const suffix = base && e.name.length > base.length + 1 ? e.name.slice(base.length + 1) : undefined;
      spec.serviceLinkedRoles.push({ service, ...(suffix ? { suffix } : {}), ...(e.description ? { description: e.description } : {}), line: 0 });
    } else {
      spec.roles.push({
        name: e.name,
        path: e.path,
        ...(e.description ? { description: e.description } : {}),
        ...(e.max_session_duration && e.max_session_duration !== 3600 ? { maxSessionDuration: e.max_session_duration } : {}),
        trustPolicy: canonicalJson(e.trust_policy ?? '{}'),
        tags: tagsOf(e.tags),
        ...(e.boundary_arn ? { permissionsBoundary: e.boundary_arn } : {}),
        attachedPolicies: await attached(e.id),
        inlinePolicies: await inline(e.id),
        line: 0,
      });
    }
  }
  for (const d of await repos.mfaDevices.listInAccount(accountId, 'Any')) {
    const user = d.user_id ? nameById.get(d.user_id) : undefined;
    spec.mfaDevices.push({ name: d.name, path: d.path, ...(secrets ? { seed: await deps.keyring.decrypt(d.seed_cipher, seedAad(d.serial)) } : {}), ...(user ? { user } : {}), tags: tagsOf(d.tags), line: 0 });
  }
  for (let after: string | undefined; ; ) {
    const page = await repos.instanceProfiles.list(accountId, { after, limit: 1000 });
    for (const ip of page.slice(0, 1000)) {
      const role = ip.role_id ? nameById.get(ip.role_id) : undefined;
      spec.instanceProfiles.push({ name: ip.name, path: ip.path, ...(role ? { role } : {}), tags: tagsOf(ip.tags), line: 0 });
    }
    if (page.length <= 1000) break;
    after = page[999]!.name_lc;
  }
  for (const c of await repos.serverCertificates.list(accountId)) {
    spec.serverCertificates.push({
      name: c.name,
      path: c.path,
      body: c.body,
      ...(c.chain ? { chain: c.chain } : {}),
      ...(secrets ? { privateKey: await deps.keyring.decrypt(c.key_cipher, privateKeyAad(c.id)) } : {}),
      tags: tagsOf(c.tags),
      line: 0,
    });
  }
  for (const s of await repos.providers.listSaml(accountId)) spec.samlProviders.push({ name: s.name, metadata: s.metadata, tags: tagsOf(s.tags), line: 0 });
  for (const o of await repos.providers.listOidc(accountId)) {
    spec.oidcProviders.push({ url: o.url, clientIds: JSON.parse(o.client_ids) as string[], thumbprints: JSON.parse(o.thumbprints) as string[], tags: tagsOf(o.tags), line: 0 });
  }
  for (const b of await repos.buckets.listOwnedBy(accountId)) {
    const objects = [];
    let from = '';
    let exclusive = false;
    for (;;) {
      const page = await repos.objects.scanKeys(b.name, from, exclusive, undefined, 1000);
      for (const listed of page) {
        const o = await repos.objects.get(b.name, listed.key);
        if (!o) continue;
        objects.push({ key: o.key, content: (await readObject(deps, o)).toString('utf8'), contentType: o.content_type, line: 0 });
      }
      if (page.length < 1000) break;
      from = page[page.length - 1]!.key;
      exclusive = true;
    }
    spec.buckets.push({ name: b.name, ...(b.region !== 'us-east-1' ? { region: b.region } : {}), ...(b.policy ? { policy: canonicalJson(b.policy) } : {}), objects, ...bucketConfigOf(b), line: 0 });
  }
  return spec;
}

/** A bucket row's configuration in the state file's stored forms (see BucketConfigSpec): what apply compares and export writes. */
export function bucketConfigOf(b: S3BucketsTable): BucketConfigSpec {
  const own = b.object_ownership ?? 'none';
  return {
    ...(b.versioning ? { versioning: b.versioning as 'Enabled' | 'Suspended' } : {}),
    ...(b.encryption ? { encryption: b.encryption } : {}),
    ...(b.cors ? { cors: b.cors } : {}),
    ...(b.lifecycle ? { lifecycle: b.lifecycle } : {}),
    ...(b.object_lock ? { objectLock: b.object_lock } : {}),
    publicAccessBlock: JSON.stringify(bucketConfig.publicAccessBlockSection(b.public_access_block ?? null)),
    ...(own !== 'BucketOwnerEnforced' ? { objectOwnership: own } : {}),
  };
}

/** Stored configuration → the file's section (AWS's JSON shape). */
const SECTIONS: Record<string, (stored: string) => unknown> = {
  encryption: bucketConfig.encryptionSection,
  cors: bucketConfig.corsSection,
  lifecycle: bucketConfig.lifecycleSection,
  objectLock: bucketConfig.objectLockSection,
  publicAccessBlock: bucketConfig.publicAccessBlockSection,
};

/** An object's bytes as GetObject answers them (an encrypted object's opened with the key ring). */
async function readObject(deps: Deps, o: { blobs: string; headers: string; size: number }): Promise<Buffer> {
  const size = Number(o.size);
  if (size === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  const stream = await readObjectBytes(deps.blobs, JSON.parse(o.blobs) as Array<{ id: string; size: number }>, 0, size - 1, sealedRead(deps.keyring, o.headers));
  for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

/** The state file's shape for output (no line numbers, empty sections left out). */
export function toFileShape(a: AccountSpec): Record<string, unknown> {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        if (k === 'line' || x === undefined) continue;
        if (Array.isArray(x) && x.length === 0) continue;
        if (x && typeof x === 'object' && !Array.isArray(x) && Object.keys(x).length === 0 && k !== 'document') continue;
        out[k] = (k === 'document' || k === 'trustPolicy' || k === 'policy') && typeof x === 'string' ? JSON.parse(x) : k === 'inlinePolicies' ? Object.fromEntries(Object.entries(x as Record<string, string>).map(([n, d]) => [n, JSON.parse(d)])) : strip(x);
      }
      return out;
    }
    return v;
  };
  const out = strip({ ...a, buckets: [] }) as Record<string, unknown>;
  if (a.buckets.length === 0) return out;
  // A bucket's configuration sections after its objects, in AWS's JSON shape.
  const buckets = a.buckets.map((b) => {
    const { versioning, encryption, cors, lifecycle, objectLock, publicAccessBlock, objectOwnership, lines: _lines, ...rest } = b;
    const config: Record<string, unknown> = { versioning, objectOwnership };
    for (const [k, v] of Object.entries({ encryption, cors, lifecycle, objectLock, publicAccessBlock })) if (v !== undefined) config[k] = SECTIONS[k]!(v);
    return { ...(strip(rest) as Record<string, unknown>), ...Object.fromEntries(Object.entries(config).filter(([, v]) => v !== undefined)) };
  });
  return { ...out, buckets };
}
