/**
 * The state file: what `tessera apply` creates and `tessera export-state` writes. YAML or JSON (JSON is
 * YAML), read with `yaml` so that every error names the file and the line. The whole file is checked here
 * (unknown fields, types, duplicate names, policy grammar) before anything is applied.
 *
 *   accounts:
 *     - id: "000000000000"            # the default account (exists), or a new one (created)
 *       rootAccessKey: { id, secret } # new accounts only; generated when absent
 *       policies:      [{ name, path, description, document, tags }]
 *       users:         [{ name, path, tags, permissionsBoundary, attachedPolicies, inlinePolicies, accessKeys,
 *                         sshPublicKeys: [{ body, status }], signingCertificates: [{ body, status }] }]
 *       groups:        [{ name, path, members, attachedPolicies, inlinePolicies }]
 *       roles:         [{ name, path, description, maxSessionDuration, trustPolicy, tags, permissionsBoundary,
 *                         attachedPolicies, inlinePolicies }]
 *       mfaDevices:    [{ name, path, seed, user, tags }]
 *       instanceProfiles: [{ name, path, role, tags }]
 *       serviceLinkedRoles: [{ service, suffix, description }]   # made by CreateServiceLinkedRole
 *       serverCertificates: [{ name, path, body, chain, privateKey, tags }]   # privateKey: a secret
 *       samlProviders: [{ name, metadata, tags }]
 *       oidcProviders: [{ url, clientIds, thumbprints, tags }]
 *       buckets:       [{ name, region, policy, objects: [{ key, content, contentType }],
 *                         versioning, encryption, cors, lifecycle, objectLock, publicAccessBlock, objectOwnership }]
 *
 * A bucket's configuration sections are in the JSON shape of AWS's API (what `aws s3api get-bucket-cors`
 * and the others print) and are checked by the S3 operations' own parsers (services/s3/bucketConfig.ts).
 *
 * accessKeys entries: `{ id, secret, status }` (given), `{ id }` (must exist already: exports without
 * secrets), or `{}` / `{ generate: true }` (generated once; printed by apply).
 */
import { readFileSync } from 'node:fs';
import { isCollection, isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { isServiceError } from '../../core/errors.js';
import { bucketConfig } from '../../services/s3/api.js';
import { parsePolicy, PolicyValidationError, type PolicyKind } from '../../policy/index.js';

export interface KeySpec {
  id?: string;
  secret?: string;
  status?: 'Active' | 'Inactive';
  line: number;
}

export type Tags = Record<string, string>;
/** Policy documents are kept as JSON text (a YAML mapping is serialised). */
export type Inline = Record<string, string>;

export interface PolicySpec { name: string; path: string; description?: string; document: string; tags: Tags; line: number }
/** An SSH public key or a signing certificate of a user: its body, and Inactive when so. */
export interface UserCredentialSpec { body: string; status?: 'Active' | 'Inactive'; line: number }
export interface UserSpec {
  name: string;
  path: string;
  tags: Tags;
  permissionsBoundary?: string;
  attachedPolicies: string[];
  inlinePolicies: Inline;
  accessKeys: KeySpec[];
  sshPublicKeys: UserCredentialSpec[];
  signingCertificates: UserCredentialSpec[];
  line: number;
}
export interface GroupSpec { name: string; path: string; members: string[]; attachedPolicies: string[]; inlinePolicies: Inline; line: number }
export interface RoleSpec {
  name: string;
  path: string;
  description?: string;
  maxSessionDuration?: number;
  trustPolicy: string;
  tags: Tags;
  permissionsBoundary?: string;
  attachedPolicies: string[];
  inlinePolicies: Inline;
  line: number;
}
export interface MfaSpec { name: string; path: string; seed?: string; user?: string; tags: Tags; line: number }
export interface ServerCertificateSpec { name: string; path: string; body: string; chain?: string; privateKey?: string; tags: Tags; line: number }
export interface ServiceLinkedRoleSpec { service: string; suffix?: string; description?: string; line: number }
export interface InstanceProfileSpec { name: string; path: string; role?: string; tags: Tags; line: number }
export interface SamlSpec { name: string; metadata: string; tags: Tags; line: number }
export interface OidcSpec { url: string; clientIds: string[]; thumbprints: string[]; tags: Tags; line: number }
export interface ObjectSpec { key: string; content: string; contentType: string; line: number }
/**
 * A bucket's configuration, each in its stored form (the bucket row's column, as the Put operation stores
 * it); absent: none (versioning: never configured; objectOwnership: BucketOwnerEnforced, `none`: no controls).
 */
export interface BucketConfigSpec {
  versioning?: 'Enabled' | 'Suspended';
  encryption?: string;
  cors?: string;
  lifecycle?: string;
  objectLock?: string;
  publicAccessBlock?: string;
  objectOwnership?: string;
}
export type BucketConfigName = keyof BucketConfigSpec;
export interface BucketSpec extends BucketConfigSpec { name: string; region?: string; policy?: string; objects: ObjectSpec[]; line: number; lines?: Partial<Record<BucketConfigName, number>> }
export interface AccountSpec {
  id: string;
  name?: string;
  rootAccessKey?: KeySpec;
  policies: PolicySpec[];
  users: UserSpec[];
  groups: GroupSpec[];
  roles: RoleSpec[];
  mfaDevices: MfaSpec[];
  instanceProfiles: InstanceProfileSpec[];
  serviceLinkedRoles: ServiceLinkedRoleSpec[];
  serverCertificates: ServerCertificateSpec[];
  samlProviders: SamlSpec[];
  oidcProviders: OidcSpec[];
  buckets: BucketSpec[];
  line: number;
}
export interface StateSpec {
  file: string;
  accounts: AccountSpec[];
}

/** Bad input: the message names the file and the line. */
export class StateFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'StateFileError';
  }
}

class Reader {
  constructor(
    readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  line(node: YamlNode | null | undefined): number {
    const offset = node?.range?.[0];
    return offset === undefined ? 1 : this.lines.linePos(offset).line;
  }

  fail(node: YamlNode | null | undefined, message: string): never {
    throw new StateFileError(this.file, this.line(node), message);
  }

  /** A mapping whose keys are all in `allowed`: each field's node by name. */
  map(node: unknown, what: string, allowed: readonly string[]): Map<string, YamlNode> {
    if (!isMap(node)) this.fail(node as YamlNode, `${what} must be a mapping`);
    const out = new Map<string, YamlNode>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) this.fail(pair.key as YamlNode, `${what}: keys must be plain names`);
      if (!allowed.includes(key)) this.fail(pair.key as YamlNode, `unknown field "${key}" in ${what} (allowed: ${allowed.join(', ')})`);
      if (out.has(key)) this.fail(pair.key as YamlNode, `field "${key}" given twice in ${what}`);
      out.set(key, (pair.value ?? pair.key) as YamlNode);
    }
    return out;
  }

  seq(node: YamlNode | undefined, what: string): YamlNode[] {
    if (node === undefined) return [];
    if (isScalar(node) && node.value === null) return [];
    if (!isSeq(node)) this.fail(node, `${what} must be a list`);
    return node.items as YamlNode[];
  }

  string(node: YamlNode | undefined, what: string, parent?: YamlNode): string {
    if (node === undefined) this.fail(parent, `${what} is required`);
    if (!isScalar(node) || typeof node.value !== 'string') {
      // Account ids and names written without quotes are numbers to YAML: take their source text.
      if (isScalar(node) && typeof node.value === 'number' && typeof node.source === 'string') return node.source;
      this.fail(node, `${what} must be a string`);
    }
    return node.value as string;
  }

  optString(node: YamlNode | undefined, what: string): string | undefined {
    return node === undefined ? undefined : this.string(node, what);
  }

  strings(node: YamlNode | undefined, what: string): string[] {
    return this.seq(node, what).map((n) => this.string(n, `each of ${what}`));
  }

  number(node: YamlNode | undefined, what: string): number | undefined {
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isInteger(node.value)) this.fail(node, `${what} must be an integer`);
    return node.value as number;
  }

  tags(node: YamlNode | undefined, what: string): Tags {
    if (node === undefined) return {};
    if (!isMap(node)) this.fail(node, `${what} must be a mapping of tag keys to values`);
    const out: Tags = {};
    for (const pair of node.items) {
      const k = this.string(pair.key as YamlNode, `a tag key of ${what}`);
      out[k] = pair.value === null || pair.value === undefined ? '' : this.string(pair.value as YamlNode, `tag "${k}" of ${what}`);
    }
    return out;
  }

  /** A policy document (a mapping, or JSON text), checked by the policy engine as IAM or S3 would. */
  policy(node: YamlNode | undefined, what: string, kind: PolicyKind, parent?: YamlNode): string {
    if (node === undefined) this.fail(parent, `${what} is required`);
    let text: string;
    if (isScalar(node) && typeof node.value === 'string') {
      text = node.value;
      try {
        JSON.parse(text);
      } catch (e) {
        this.fail(node, `${what} is not valid JSON: ${(e as Error).message}`);
      }
    } else if (isMap(node)) {
      text = JSON.stringify(node.toJSON());
    } else this.fail(node, `${what} must be a policy document (a mapping or JSON text)`);
    try {
      parsePolicy(text, kind, kind === 'resource' ? { refuseAllowNotPrincipal: true } : {});
    } catch (e) {
      if (e instanceof PolicyValidationError) this.fail(node, `${what}: MalformedPolicyDocument: ${e.message}`);
      throw e;
    }
    return canonicalJson(text);
  }

  inline(node: YamlNode | undefined, what: string): Inline {
    if (node === undefined) return {};
    if (!isMap(node)) this.fail(node, `${what} must be a mapping of policy names to documents`);
    const out: Inline = {};
    for (const pair of node.items) {
      const name = this.string(pair.key as YamlNode, `a policy name of ${what}`);
      out[name] = this.policy(pair.value as YamlNode, `inline policy "${name}"`, 'identity', pair.key as YamlNode);
    }
    return out;
  }
}

/** JSON text with keys in a stable order, so that documents compare by content. */
export function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(JSON.parse(text)));
}

const PATH = /^\/([\x21-\x7e]*\/)?$/;

export function readStateFile(file: string): StateSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`);
  }
  return parseState(file, text);
}

export function parseState(file: string, text: string): StateSpec {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new StateFileError(file, lines.linePos(e.pos[0]).line, e.message.split('\n')[0]!);
  }
  const r = new Reader(file, lines);
  const root = doc.contents as YamlNode | null;
  if (root === null || (isScalar(root) && root.value === null)) return { file, accounts: [] };
  const top = r.map(root, 'the state file', ['accounts']);
  const accounts = r.seq(top.get('accounts'), 'accounts').map((n) => readAccount(r, n));
  const ids = new Set<string>();
  for (const a of accounts) {
    if (ids.has(a.id)) throw new StateFileError(file, a.line, `duplicate account "${a.id}"`);
    ids.add(a.id);
  }
  return { file, accounts };
}

function unique<T extends { line: number }>(r: Reader, items: T[], name: (t: T) => string, what: string) {
  const seen = new Set<string>();
  for (const it of items) {
    const k = name(it).toLowerCase();
    if (seen.has(k)) throw new StateFileError(r.file, it.line, `duplicate ${what} "${name(it)}"`);
    seen.add(k);
  }
}

function path(r: Reader, node: YamlNode | undefined, what: string): string {
  const p = r.optString(node, `${what} path`) ?? '/';
  if (!PATH.test(p) || p.length > 512) r.fail(node, `${what} path must start and end with "/" (printable ASCII, at most 512 characters): ${p}`);
  return p;
}

function readKey(r: Reader, n: YamlNode): KeySpec {
  const f = r.map(n, 'an access key', ['id', 'secret', 'status', 'generate']);
  const id = r.optString(f.get('id'), 'access key id');
  const secret = r.optString(f.get('secret'), 'access key secret');
  const status = r.optString(f.get('status'), 'access key status');
  const generate = f.get('generate');
  if (generate !== undefined && !(isScalar(generate) && generate.value === true)) r.fail(generate, 'generate must be true');
  if (generate !== undefined && id !== undefined) r.fail(generate, 'an access key is either given (id) or generated, not both');
  if (id !== undefined && !/^AKIA[A-Z0-9]{12,124}$/.test(id)) r.fail(f.get('id'), `access key id must be AKIA followed by 12 to 124 upper-case letters and digits: ${id}`);
  if (secret !== undefined && id === undefined) r.fail(f.get('secret'), 'a secret needs its access key id');
  if (secret !== undefined && (secret.length < 16 || secret.length > 128)) r.fail(f.get('secret'), 'access key secret must be 16 to 128 characters');
  if (status !== undefined && status !== 'Active' && status !== 'Inactive') r.fail(f.get('status'), 'status must be Active or Inactive');
  return { ...(id ? { id } : {}), ...(secret ? { secret } : {}), ...(status ? { status: status as KeySpec['status'] } : {}), line: r.line(n) };
}

function userCredentials(r: Reader, node: YamlNode | undefined, what: string): UserCredentialSpec[] {
  const out = r.seq(node, what).map((n): UserCredentialSpec => {
    const g = r.map(n, `an entry of ${what}`, ['body', 'status']);
    const status = r.optString(g.get('status'), 'status');
    if (status !== undefined && status !== 'Active' && status !== 'Inactive') r.fail(g.get('status'), 'status must be Active or Inactive');
    return { body: r.string(g.get('body'), 'body', n), ...(status ? { status: status as 'Active' | 'Inactive' } : {}), line: r.line(n) };
  });
  unique(r, out, (c) => c.body.trim(), `entry of ${what} (the same body)`);
  return out;
}

function readAccount(r: Reader, n: YamlNode): AccountSpec {
  const f = r.map(n, 'an account', ['id', 'name', 'rootAccessKey', 'policies', 'users', 'groups', 'roles', 'mfaDevices', 'instanceProfiles', 'serviceLinkedRoles', 'serverCertificates', 'samlProviders', 'oidcProviders', 'buckets']);
  const id = r.string(f.get('id'), 'account id', n);
  if (!/^\d{12}$/.test(id)) r.fail(f.get('id'), `account id must be 12 digits: ${id}`);
  const rootNode = f.get('rootAccessKey');
  const rootAccessKey = rootNode ? readKey(r, rootNode) : undefined;
  if (rootAccessKey && (!rootAccessKey.id || !rootAccessKey.secret)) r.fail(rootNode, 'rootAccessKey needs id and secret');

  const policies = r.seq(f.get('policies'), 'policies').map((p): PolicySpec => {
    const g = r.map(p, 'a policy', ['name', 'path', 'description', 'document', 'tags']);
    const description = r.optString(g.get('description'), 'description');
    return { name: r.string(g.get('name'), 'policy name', p), path: path(r, g.get('path'), 'policy'), ...(description !== undefined ? { description } : {}), document: r.policy(g.get('document'), 'policy document', 'identity', p), tags: r.tags(g.get('tags'), 'tags'), line: r.line(p) };
  });
  const users = r.seq(f.get('users'), 'users').map((u): UserSpec => {
    const g = r.map(u, 'a user', ['name', 'path', 'tags', 'permissionsBoundary', 'attachedPolicies', 'inlinePolicies', 'accessKeys', 'sshPublicKeys', 'signingCertificates']);
    const boundary = r.optString(g.get('permissionsBoundary'), 'permissionsBoundary');
    const accessKeys = r.seq(g.get('accessKeys'), 'accessKeys').map((k) => readKey(r, k));
    if (accessKeys.length > 2) r.fail(g.get('accessKeys'), 'a user has at most 2 access keys (AccessKeysPerUser)');
    return {
      name: r.string(g.get('name'), 'user name', u),
      path: path(r, g.get('path'), 'user'),
      tags: r.tags(g.get('tags'), 'tags'),
      ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
      attachedPolicies: r.strings(g.get('attachedPolicies'), 'attachedPolicies'),
      inlinePolicies: r.inline(g.get('inlinePolicies'), 'inlinePolicies'),
      accessKeys,
      sshPublicKeys: userCredentials(r, g.get('sshPublicKeys'), 'sshPublicKeys'),
      signingCertificates: userCredentials(r, g.get('signingCertificates'), 'signingCertificates'),
      line: r.line(u),
    };
  });
  const groups = r.seq(f.get('groups'), 'groups').map((n2): GroupSpec => {
    const g = r.map(n2, 'a group', ['name', 'path', 'members', 'attachedPolicies', 'inlinePolicies']);
    return { name: r.string(g.get('name'), 'group name', n2), path: path(r, g.get('path'), 'group'), members: r.strings(g.get('members'), 'members'), attachedPolicies: r.strings(g.get('attachedPolicies'), 'attachedPolicies'), inlinePolicies: r.inline(g.get('inlinePolicies'), 'inlinePolicies'), line: r.line(n2) };
  });
  const roles = r.seq(f.get('roles'), 'roles').map((n2): RoleSpec => {
    const g = r.map(n2, 'a role', ['name', 'path', 'description', 'maxSessionDuration', 'trustPolicy', 'tags', 'permissionsBoundary', 'attachedPolicies', 'inlinePolicies']);
    const description = r.optString(g.get('description'), 'description');
    const max = r.number(g.get('maxSessionDuration'), 'maxSessionDuration');
    const boundary = r.optString(g.get('permissionsBoundary'), 'permissionsBoundary');
    return {
      name: r.string(g.get('name'), 'role name', n2),
      path: path(r, g.get('path'), 'role'),
      ...(description !== undefined ? { description } : {}),
      ...(max !== undefined ? { maxSessionDuration: max } : {}),
      trustPolicy: r.policy(g.get('trustPolicy'), 'trustPolicy', 'trust', n2),
      tags: r.tags(g.get('tags'), 'tags'),
      ...(boundary !== undefined ? { permissionsBoundary: boundary } : {}),
      attachedPolicies: r.strings(g.get('attachedPolicies'), 'attachedPolicies'),
      inlinePolicies: r.inline(g.get('inlinePolicies'), 'inlinePolicies'),
      line: r.line(n2),
    };
  });
  const mfaDevices = r.seq(f.get('mfaDevices'), 'mfaDevices').map((n2): MfaSpec => {
    const g = r.map(n2, 'an MFA device', ['name', 'path', 'seed', 'user', 'tags']);
    const seed = r.optString(g.get('seed'), 'seed');
    if (seed !== undefined && !/^[A-Z2-7]{16,}=*$/.test(seed)) r.fail(g.get('seed'), 'seed must be base32 (A-Z, 2-7), at least 16 characters');
    const user = r.optString(g.get('user'), 'user');
    return { name: r.string(g.get('name'), 'MFA device name', n2), path: path(r, g.get('path'), 'MFA device'), ...(seed ? { seed } : {}), ...(user ? { user } : {}), tags: r.tags(g.get('tags'), 'tags'), line: r.line(n2) };
  });
  const instanceProfiles = r.seq(f.get('instanceProfiles'), 'instanceProfiles').map((n2): InstanceProfileSpec => {
    const g = r.map(n2, 'an instance profile', ['name', 'path', 'role', 'tags']);
    const role = r.optString(g.get('role'), 'role');
    return { name: r.string(g.get('name'), 'instance profile name', n2), path: path(r, g.get('path'), 'instance profile'), ...(role ? { role } : {}), tags: r.tags(g.get('tags'), 'tags'), line: r.line(n2) };
  });
  const serviceLinkedRoles = r.seq(f.get('serviceLinkedRoles'), 'serviceLinkedRoles').map((n2): ServiceLinkedRoleSpec => {
    const g = r.map(n2, 'a service-linked role', ['service', 'suffix', 'description']);
    const suffix = r.optString(g.get('suffix'), 'suffix');
    const description = r.optString(g.get('description'), 'description');
    return { service: r.string(g.get('service'), 'service', n2), ...(suffix !== undefined ? { suffix } : {}), ...(description !== undefined ? { description } : {}), line: r.line(n2) };
  });
  const serverCertificates = r.seq(f.get('serverCertificates'), 'serverCertificates').map((n2): ServerCertificateSpec => {
    const g = r.map(n2, 'a server certificate', ['name', 'path', 'body', 'chain', 'privateKey', 'tags']);
    const chain = r.optString(g.get('chain'), 'chain');
    const privateKey = r.optString(g.get('privateKey'), 'privateKey');
    return {
      name: r.string(g.get('name'), 'server certificate name', n2),
      path: path(r, g.get('path'), 'server certificate'),
      body: r.string(g.get('body'), 'body', n2),
      ...(chain !== undefined ? { chain } : {}),
      ...(privateKey !== undefined ? { privateKey } : {}),
      tags: r.tags(g.get('tags'), 'tags'),
      line: r.line(n2),
    };
  });
  const samlProviders = r.seq(f.get('samlProviders'), 'samlProviders').map((n2): SamlSpec => {
    const g = r.map(n2, 'a SAML provider', ['name', 'metadata', 'tags']);
    return { name: r.string(g.get('name'), 'SAML provider name', n2), metadata: r.string(g.get('metadata'), 'metadata', n2), tags: r.tags(g.get('tags'), 'tags'), line: r.line(n2) };
  });
  const oidcProviders = r.seq(f.get('oidcProviders'), 'oidcProviders').map((n2): OidcSpec => {
    const g = r.map(n2, 'an OIDC provider', ['url', 'clientIds', 'thumbprints', 'tags']);
    return { url: r.string(g.get('url'), 'url', n2), clientIds: r.strings(g.get('clientIds'), 'clientIds'), thumbprints: r.strings(g.get('thumbprints'), 'thumbprints'), tags: r.tags(g.get('tags'), 'tags'), line: r.line(n2) };
  });
  const buckets = r.seq(f.get('buckets'), 'buckets').map((n2): BucketSpec => {
    const g = r.map(n2, 'a bucket', ['name', 'region', 'policy', 'objects', ...BUCKET_CONFIG]);
    const region = r.optString(g.get('region'), 'region');
    const policy = g.get('policy') ? r.policy(g.get('policy'), 'bucket policy', 'resource') : undefined;
    const objects = r.seq(g.get('objects'), 'objects').map((o): ObjectSpec => {
      const h = r.map(o, 'an object', ['key', 'content', 'contentType']);
      const content = r.optString(h.get('content'), 'content') ?? '';
      if (Buffer.byteLength(content) > 1024 * 1024) r.fail(h.get('content'), 'inline object content is limited to 1 MiB');
      return { key: r.string(h.get('key'), 'object key', o), content, contentType: r.optString(h.get('contentType'), 'contentType') ?? 'binary/octet-stream', line: r.line(o) };
    });
    unique(r, objects, (o) => o.key, 'object key');
    const config: BucketConfigSpec = {};
    const lines: Partial<Record<BucketConfigName, number>> = {};
    for (const k of BUCKET_CONFIG) {
      const node = g.get(k);
      if (node === undefined) continue;
      (config as Record<string, string | undefined>)[k] = bucketSection(r, node, k);
      lines[k] = r.line(node);
    }
    return { name: r.string(g.get('name'), 'bucket name', n2), ...(region ? { region } : {}), ...(policy ? { policy } : {}), objects, ...config, line: r.line(n2), lines };
  });
  unique(r, policies, (p) => p.name, 'policy');
  unique(r, users, (u) => u.name, 'user');
  unique(r, groups, (g) => g.name, 'group');
  unique(r, roles, (x) => x.name, 'role');
  unique(r, mfaDevices, (m) => m.path + m.name, 'MFA device');
  unique(r, instanceProfiles, (x) => x.name, 'instance profile');
  unique(r, serviceLinkedRoles, (x) => `${x.service} ${x.suffix ?? ''}`, 'service-linked role (service and suffix)');
  unique(r, serverCertificates, (x) => x.name, 'server certificate');
  unique(r, samlProviders, (s) => s.name, 'SAML provider');
  unique(r, oidcProviders, (o) => o.url, 'OIDC provider');
  unique(r, buckets, (b) => b.name, 'bucket');
  const name = r.optString(f.get('name'), 'account name');
  return { id, ...(name ? { name } : {}), ...(rootAccessKey ? { rootAccessKey } : {}), policies, users, groups, roles, mfaDevices, instanceProfiles, serviceLinkedRoles, serverCertificates, samlProviders, oidcProviders, buckets, line: r.line(n) };
}

const BUCKET_CONFIG = ['versioning', 'encryption', 'cors', 'lifecycle', 'objectLock', 'publicAccessBlock', 'objectOwnership'] as const;

const READERS: Record<BucketConfigName, (v: unknown) => string | null> = {
  versioning: bucketConfig.readVersioning,
  encryption: bucketConfig.readEncryption,
  cors: bucketConfig.readCors,
  lifecycle: bucketConfig.readLifecycle,
  objectLock: bucketConfig.readObjectLock,
  publicAccessBlock: bucketConfig.readPublicAccessBlock,
  // Kept as written ('none' included): apply turns it into the column.
  objectOwnership: (v) => bucketConfig.readObjectOwnership(v) ?? 'none',
};

/** One configuration section of a bucket, checked by its S3 parser; an error names the line of the bad rule or value. */
function bucketSection(r: Reader, node: YamlNode, what: BucketConfigName): string {
  const at = (path: Array<string | number>): YamlNode => (path.length && isCollection(node) ? ((node.getIn(path, true) as YamlNode | undefined) ?? node) : node);
  try {
    return READERS[what](isScalar(node) ? node.value : node.toJSON())!;
  } catch (e) {
    if (e instanceof bucketConfig.ConfigShapeError) r.fail(at(e.path), `${what}: ${e.message}`);
    if (e instanceof bucketConfig.ConfigRuleError) {
      const cause = e.error;
      r.fail(at(e.path), `${what}: ${isServiceError(cause) ? `${cause.code}: ` : ''}${cause.message}`);
    }
    if (isServiceError(e)) r.fail(node, `${what}: ${e.code}: ${e.message}`);
    throw e;
  }
}
