/**
 * The action catalog: the actions, resource types and condition keys of the services Tessera serves (IAM,
 * STS, S3) plus AWS's global condition keys, as data taken from AWS's Service Authorization Reference and
 * the IAM User Guide (each JSON file names its source page). Loaded once, lazily.
 *
 * Names are matched as AWS matches them in policies: action names and condition key names are
 * case-insensitive. A catalog key with a placeholder (`aws:RequestTag/${TagKey}`,
 * `s3:ExistingObjectTag/<key>`, `agent.${Domain}.buildkite.dev:cluster_id`) stands for every key that fills
 * the placeholder with a non-empty text.
 */
import { readFileSync } from 'node:fs';
import { sourcePath } from '../../core/paths.js';

export type ConditionKeyType =
  | 'String'
  | 'ARN'
  | 'Bool'
  | 'Date'
  | 'Numeric'
  | 'IPAddress'
  | 'ArrayOfString'
  | 'ArrayOfARN'
  | 'Binary';

export interface ResourceTypeRef {
  name: string;
  required: boolean;
  /** The ARN format from the resource types table, e.g. arn:${Partition}:iam::${Account}:user/${UserNameWithPath}. */
  arn: string | undefined;
}

export interface ActionInfo {
  /** 'iam:CreateUser', as the catalog spells it. */
  action: string;
  service: string;
  name: string;
  /** As the page gives it: 'Write', 'Permissions management, Write', ... */
  accessLevel: string;
  accessLevels: string[];
  resourceTypes: ResourceTypeRef[];
  /** Condition keys of the action's rows and of its resource types (templated names as on the page). */
  conditionKeys: string[];
  dependentActions: string[];
  permissionOnly: boolean;
}

interface RawAction {
  level: string;
  resources: string[];
  conditionKeys: string[];
  dependentActions?: string[];
  permissionOnly?: boolean;
}
interface RawService {
  service: string;
  keySets?: Record<string, string[]>;
  actions: Record<string, RawAction>;
  resourceTypes: Record<string, { arn: string; conditionKeys: string[] }>;
  conditionKeys: Record<string, ConditionKeyType>;
}
interface RawGlobal {
  conditionKeys: Record<string, ConditionKeyType>;
  crossServiceConditionKeys: Record<string, ConditionKeyType>;
  typeNotRead: string[];
}

/** A condition key name, exact or with placeholders; matched case-insensitively. */
class KeyPattern {
  private readonly parts: string[];
  constructor(readonly name: string) {
    this.parts = name.toLowerCase().split(/\$\{[^}]*\}|<[^>]*>/);
  }
  get templated(): boolean {
    return this.parts.length > 1;
  }
  matches(lowerKey: string): boolean {
    const p = this.parts;
    if (p.length === 1) return lowerKey === p[0];
    if (!lowerKey.startsWith(p[0]!)) return false;
    let pos = p[0]!.length;
    for (let i = 1; i < p.length; i++) {
      const lit = p[i]!;
      if (i === p.length - 1) return lowerKey.length - lit.length > pos && lowerKey.endsWith(lit);
      const at = lowerKey.indexOf(lit, pos + 1); // each placeholder takes at least one character
      if (at < 0) return false;
      pos = at + lit.length;
    }
    return false;
  }
}

/** Exact names in a map, templated ones in a list. */
class KeySet<V> {
  private readonly exact = new Map<string, V>();
  private readonly templated: [KeyPattern, V][] = [];
  add(name: string, v: V) {
    const k = new KeyPattern(name);
    if (k.templated) this.templated.push([k, v]);
    else this.exact.set(name.toLowerCase(), v);
  }
  find(key: string): { value: V } | undefined {
    const lower = key.toLowerCase();
    if (this.exact.has(lower)) return { value: this.exact.get(lower)! };
    for (const [p, v] of this.templated) if (p.matches(lower)) return { value: v };
    return undefined;
  }
}

interface Catalog {
  actions: Map<string, ActionInfo>;
  actionKeys: Map<string, KeySet<true>>;
  serviceKeys: KeySet<ConditionKeyType>;
  globalKeys: KeySet<ConditionKeyType | undefined>;
  services: Set<string>;
}

let catalog: Catalog | undefined;

/** Reads the JSON files beside this module's source (compiled code runs from dist/, the data stays in src/). */
function readCatalogFile<T>(name: string): T {
  return JSON.parse(readFileSync(sourcePath('authz', 'catalog', name), 'utf8')) as T;
}

function expand(keys: string[], sets: Record<string, string[]> | undefined): string[] {
  const out: string[] = [];
  for (const k of keys) {
    if (k.startsWith('$')) {
      const set = sets?.[k];
      if (!set) throw new Error(`catalog: unknown key set ${k}`);
      out.push(...set);
    } else out.push(k);
  }
  return [...new Set(out)];
}

function load(): Catalog {
  if (catalog) return catalog;
  const c: Catalog = { actions: new Map(), actionKeys: new Map(), serviceKeys: new KeySet(), globalKeys: new KeySet(), services: new Set() };
  const global = readCatalogFile<RawGlobal>('global.json');
  for (const [k, t] of Object.entries(global.conditionKeys)) c.globalKeys.add(k, t);
  for (const [k, t] of Object.entries(global.crossServiceConditionKeys)) c.globalKeys.add(k, t);
  for (const k of global.typeNotRead) c.globalKeys.add(k, undefined);
  for (const file of ['iam.json', 'sts.json', 's3.json', 'cloudtrail.json', 'access-analyzer.json']) {
    const svc = readCatalogFile<RawService>(file);
    c.services.add(svc.service);
    for (const [k, t] of Object.entries(svc.conditionKeys)) c.serviceKeys.add(k, t);
    for (const [name, a] of Object.entries(svc.actions)) {
      const resourceTypes = a.resources.map((r) => {
        const required = r.endsWith('*');
        const rn = required ? r.slice(0, -1) : r;
        const rt = svc.resourceTypes[rn];
        if (!rt) throw new Error(`catalog: ${svc.service}:${name} names unknown resource type ${rn}`);
        return { name: rn, required, arn: rt.arn };
      });
      const keys = expand(a.conditionKeys, svc.keySets);
      for (const r of resourceTypes) keys.push(...expand(svc.resourceTypes[r.name]!.conditionKeys, svc.keySets));
      const conditionKeys = [...new Set(keys)];
      const action = `${svc.service}:${name}`;
      const info: ActionInfo = {
        action,
        service: svc.service,
        name,
        accessLevel: a.level,
        accessLevels: a.level.split(',').map((s) => s.trim()),
        resourceTypes,
        conditionKeys,
        dependentActions: a.dependentActions ?? [],
        permissionOnly: a.permissionOnly === true,
      };
      c.actions.set(action.toLowerCase(), info);
      const ks = new KeySet<true>();
      for (const k of conditionKeys) {
        if (!(k in svc.conditionKeys) && !c.globalKeys.find(k)) throw new Error(`catalog: ${action} names undeclared key ${k}`);
        ks.add(k, true);
      }
      c.actionKeys.set(action.toLowerCase(), ks);
    }
  }
  catalog = c;
  return c;
}

/** 'iam:CreateUser' (any case) is an action of a catalogued service. */
export function isKnownAction(action: string): boolean {
  return load().actions.has(action.toLowerCase());
}

export function actionInfo(action: string): ActionInfo | undefined {
  return load().actions.get(action.toLowerCase());
}

/** Every catalogued action, 'service:Name'. */
export function allActions(): string[] {
  return [...load().actions.values()].map((a) => a.action);
}

/** The services the catalog covers ('iam', 'sts', 's3'). */
export function catalogServices(): ReadonlySet<string> {
  return load().services;
}

/** A global (aws:* or cross-service) condition key, placeholders filled. */
export function isGlobalConditionKey(key: string): boolean {
  return load().globalKeys.find(key) !== undefined;
}

/** The type of a global or service condition key; undefined when unknown (or its type is unrecorded). */
export function conditionKeyType(key: string): ConditionKeyType | undefined {
  const c = load();
  return c.globalKeys.find(key)?.value ?? c.serviceKeys.find(key)?.value;
}

/**
 * Whether `key` may be used in a condition: a global key always; with `action`, a key the action (or one of
 * its resource types) supports; without, a key any catalogued service defines.
 */
export function isKnownConditionKey(key: string, action?: string): boolean {
  const c = load();
  if (c.globalKeys.find(key)) return true;
  if (action === undefined) return c.serviceKeys.find(key) !== undefined;
  return c.actionKeys.get(action.toLowerCase())?.find(key) !== undefined;
}

