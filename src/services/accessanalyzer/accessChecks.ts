/**
 * The custom policy checks (CheckNoNewAccess, CheckAccessNotGranted, CheckNoPublicAccess), decided by
 * Tessera's own evaluator (src/policy) over a finite universe of requests that stands for all of them.
 *
 * Why a finite universe decides: a policy's answer for a request depends only on which of the documents'
 * patterns each part of the request matches (actions, resources: globs; principals: the listed ones or
 * another; condition keys: the listed values, another value, or none). So the requests are enumerated by
 * class — every literal the documents name, and for each wildcard pattern its witnesses (each `*` empty and
 * each `*` a fresh text no pattern names, each `?` a fresh character), a fresh action and resource no pattern
 * names, each principal the documents list plus a principal of another account and an anonymous caller,
 * each condition key at each value the documents compare it with (numbers also ±1), at a fresh value and
 * absent — and both policies are evaluated on each. A FAIL names the first request found.
 *
 * The enumeration is bounded (MAX_REQUESTS); a pair of documents whose universe is larger is refused with
 * UnprocessableEntityException rather than answered by a sample.
 */
import { allActions } from '../../authz/catalog/index.js';
import { evaluate, parsePolicy, PolicyValidationError, type CompiledPolicy } from '../../policy/index.js';
import { matchesAction } from './glob.js';
import type { RequestPrincipal } from '../../policy/index.js';
import { JsonServiceError } from '../../protocol/restjson/errors.js';

const FRESH = 'zq9';
const OTHER_ACCOUNT = '999988887777';
const MAX_REQUESTS = 400_000;
const MAX_CONTEXTS = 4096;

type Json = Record<string, unknown>;

export interface Request {
  action: string;
  resource: string;
  principal: RequestPrincipal;
  context: Record<string, string[]>;
}

export interface Reason {
  description: string;
  statementIndex?: number;
  statementId?: string;
}

export interface CheckResult {
  result: 'PASS' | 'FAIL';
  message: string;
  reasons: Reason[];
}

export const invalidParameter = (message: string) => new JsonServiceError('InvalidParameterException', message, 400);
const unprocessable = (message: string) => new JsonServiceError('UnprocessableEntityException', message, 422);

const list = (v: unknown): unknown[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
const strs = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string');

function statements(doc: Json): Json[] {
  return list(doc['Statement']).filter((s): s is Json => typeof s === 'object' && s !== null);
}

/** Parses a document for a check (the engine's grammar); a document it refuses is InvalidParameterException. */
export function compile(text: string, kind: 'identity' | 'resource' | 'trust', what = 'policyDocument'): { policy: CompiledPolicy; doc: Json } {
  try {
    const policy = parsePolicy(text, kind);
    return { policy, doc: JSON.parse(text) as Json };
  } catch (e) {
    if (e instanceof PolicyValidationError) throw invalidParameter(`The ${what} is not a valid policy: ${e.message}`);
    throw e;
  }
}

/**
 * Witnesses of a glob: every way of making each `*` empty or a fresh text (all 2^k ways up to
 * MAX_STAR_COMBOS stars; beyond, all empty and all fresh), each `?` a fresh character. Fresh texts come
 * first: they read better in a FAIL's reason.
 */
const MAX_STAR_COMBOS = 4;
function witnesses(pattern: string, star: string): string[] {
  if (!/[*?]/.test(pattern)) return [pattern];
  const parts = pattern.replace(/\?/g, 'q').split('*');
  const k = parts.length - 1;
  const choices: string[][] = k <= MAX_STAR_COMBOS ? Array.from({ length: 1 << k }, (_, m) => Array.from({ length: k }, (_, i) => ((m >> i) & 1 ? '' : star))) : [Array(k).fill(star), Array(k).fill('')];
  const out = new Set<string>();
  for (const c of choices) out.add(parts.reduce((acc, p, i) => acc + (i > 0 ? c[i - 1] : '') + p, ''));
  return [...out];
}


/** Candidate actions: literals, witnesses, the catalogued actions each wildcard names, a fresh one. */
export function actionUniverse(patterns: string[]): string[] {
  const out = new Set<string>();
  const catalog = allActions();
  const qualified = (w: string) => (w === '' ? `${FRESH}:${FRESH}` : w.includes(':') ? w : `${FRESH}:${w}`);
  // Named actions first (a FAIL's reason is read by people), then the witnesses that complete the classes.
  for (const p of patterns) if (!/[*?]/.test(p)) out.add(p);
  for (const p of patterns) if (/[*?]/.test(p)) for (const a of catalog) if (matchesAction(p.toLowerCase(), a.toLowerCase())) out.add(a);
  for (const p of patterns) for (const w of witnesses(p, FRESH)) out.add(qualified(w));
  out.add(`${FRESH}:${FRESH}`);
  return [...out];
}

/** Candidate resources: literals, witnesses, a fresh ARN, '*'. */
export function resourceUniverse(patterns: string[]): string[] {
  const out = new Set<string>();
  for (const p of patterns) if (!/[*?]/.test(p)) out.add(p);
  for (const p of patterns) for (const w of witnesses(p, FRESH)) out.add(w);
  out.add(`arn:aws:${FRESH}:us-east-1:${OTHER_ACCOUNT}:${FRESH}`);
  return [...out];
}

function principalOf(value: string, kind: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'): RequestPrincipal[] {
  if (kind === 'Service') return [{ type: 'service', arn: value }];
  if (kind === 'Federated') return [{ type: 'federated', arn: value }];
  if (kind === 'CanonicalUser') return [];
  if (value === '*') return [{ type: 'anonymous', arn: '*' }, { type: 'user', arn: `arn:aws:iam::${OTHER_ACCOUNT}:user/${FRESH}`, accountId: OTHER_ACCOUNT }];
  const acct = /^\d{12}$/.test(value) ? value : /^arn:aws:iam::(\d{12}):root$/.exec(value)?.[1];
  if (acct) return [{ type: 'root', arn: `arn:aws:iam::${acct}:root`, accountId: acct }, { type: 'user', arn: `arn:aws:iam::${acct}:user/${FRESH}`, accountId: acct }];
  const m = /^arn:aws:iam::(\d{12}):(user|role)\/(.+)$/.exec(value);
  if (m) {
    const [, a, t, name] = m;
    if (t === 'user') return [{ type: 'user', arn: value, accountId: a }];
    const roleName = name!.split('/').pop()!;
    return [{ type: 'assumed-role', arn: `arn:aws:sts::${a}:assumed-role/${roleName}/${FRESH}`, accountId: a, roleArn: value }];
  }
  return [];
}

/** Candidate callers of a resource-based policy: every principal the documents list, another account's, anonymous. */
export function principalUniverse(docs: Json[]): RequestPrincipal[] {
  const out = new Map<string, RequestPrincipal>();
  const add = (p: RequestPrincipal) => out.set(`${p.type} ${p.arn} ${p.roleArn ?? ''}`, p);
  for (const doc of docs) {
    for (const st of statements(doc)) {
      for (const f of ['Principal', 'NotPrincipal']) {
        const v = st[f];
        if (v === '*') principalOf('*', 'AWS').forEach(add);
        else if (typeof v === 'object' && v !== null) {
          for (const [k, vals] of Object.entries(v as Json)) for (const x of strs(vals)) principalOf(x, k as 'AWS').forEach(add);
        }
      }
    }
  }
  principalOf('*', 'AWS').forEach(add);
  return [...out.values()];
}

/** Condition keys principal-derived (set from the caller, not chosen). */
const PRINCIPAL_KEYS = new Set(['aws:principalaccount', 'aws:principalarn', 'aws:userid', 'aws:username', 'aws:principaltype']);

interface KeyValues {
  key: string;
  values: (string | undefined)[];
}

/**
 * Candidate values per condition key: each value compared with, numbers ±1, a fresh value, absent.
 * `restricted`: keys a caller cannot choose (S3's "public" definition): only fresh or absent.
 */
export function contextUniverse(docs: Json[], restricted: (key: string) => boolean = () => false): Record<string, string[]>[] {
  const byKey = new Map<string, Set<string>>();
  for (const doc of docs) {
    for (const st of statements(doc)) {
      const cond = st['Condition'];
      if (typeof cond !== 'object' || cond === null) continue;
      for (const [op, block] of Object.entries(cond as Json)) {
        if (typeof block !== 'object' || block === null) continue;
        for (const [key, vals] of Object.entries(block as Json)) {
          const k = key.toLowerCase();
          if (PRINCIPAL_KEYS.has(k)) continue;
          let set = byKey.get(k);
          if (!set) byKey.set(k, (set = new Set()));
          if (restricted(k)) continue;
          for (const v of list(vals)) {
            const s = String(v);
            if (/^Bool|^Null/i.test(op)) {
              set.add('true');
              set.add('false');
            } else if (/^Numeric/i.test(op) && !Number.isNaN(Number(s))) {
              for (const d of [-1, 0, 1]) set.add(String(Number(s) + d));
            } else if (/IpAddress/i.test(op)) {
              set.add(s.split('/')[0]!);
            } else if (/^Date/i.test(op)) {
              const t = Date.parse(s);
              if (!Number.isNaN(t)) for (const d of [-1000, 0, 1000]) set.add(new Date(t + d).toISOString());
            } else for (const w of witnesses(s, FRESH)) set.add(w);
          }
        }
      }
    }
  }
  const keys: KeyValues[] = [...byKey].map(([key, set]) => ({ key, values: [...set, freshFor(key), undefined] }));
  let combos: Record<string, string[]>[] = [{}];
  for (const { key, values } of keys) {
    if (combos.length * values.length > MAX_CONTEXTS) throw unprocessable('The policies compare too many condition values to be decided exactly; split them into smaller documents.');
    const next: Record<string, string[]>[] = [];
    for (const c of combos) for (const v of values) next.push(v === undefined ? c : { ...c, [key]: [v] });
    combos = next;
  }
  return combos;
}

function freshFor(key: string): string {
  if (/ip$/.test(key)) return '192.0.2.77';
  if (/time$|date$/.test(key)) return '2001-02-03T04:05:06Z';
  return FRESH;
}

/** The caller-derived keys for a principal. */
function principalKeys(p: RequestPrincipal): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (p.accountId) out['aws:principalaccount'] = [p.accountId];
  if (p.type !== 'anonymous' && p.type !== 'service' && p.type !== 'federated') out['aws:principalarn'] = [p.roleArn ?? p.arn];
  return out;
}

/** The policies of a caller from another account: they allow everything, so the resource policy decides. */
const everything = parsePolicy('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}', 'identity');

export type Side = { policy: CompiledPolicy; kind: 'identity' | 'resource' | 'trust' };

/** Does the policy allow the request? Identity: as its principal's only policy; resource: for a caller whose own account allows all. */
export function allows(side: Side, r: Request): { allowed: boolean; statementIndex?: number; statementId?: string } {
  const source = { type: side.kind === 'identity' ? ('identity-based' as const) : ('resource-based' as const), id: 'document' };
  const context = { ...r.context, ...principalKeys(r.principal) };
  const d =
    side.kind === 'identity'
      ? evaluate({ action: r.action, resource: r.resource, principal: r.principal, context, identityPolicies: [{ policy: side.policy, source }] }, { explain: true })
      : evaluate(
          {
            action: r.action,
            resource: r.resource,
            principal: r.principal,
            // Another account's resource: the resource policy must allow, whatever the caller's own policies.
            resourceAccountId: '111111111111',
            context,
            identityPolicies: r.principal.accountId ? [{ policy: everything, source: { type: 'identity-based', id: 'caller' } }] : [],
            resourcePolicy: { policy: side.policy, source },
          },
          { explain: true },
        );
  const m = d.matched.find((x) => x.effect === 'Allow' && x.source.id === 'document');
  return { allowed: d.effect === 'Allow', statementIndex: m?.statementIndex, statementId: m?.sid };
}

export function describe(r: Request, kind: Side['kind']): string {
  const ctx = Object.entries(r.context).map(([k, v]) => `${k}=${v.join(',')}`);
  const who = kind === 'identity' ? '' : ` by ${r.principal.type === 'anonymous' ? 'an anonymous caller' : r.principal.roleArn ?? r.principal.arn}`;
  return `${r.action} on ${r.resource}${who}${ctx.length ? ` with ${ctx.join(', ')}` : ''}`;
}

/** Every request of the universe, lazily; refused past MAX_REQUESTS. */
export function* requests(actions: string[], resources: string[], principals: RequestPrincipal[], contexts: Record<string, string[]>[]): Generator<Request> {
  if (actions.length * resources.length * principals.length * contexts.length > MAX_REQUESTS) {
    throw unprocessable('The policies name too many distinct actions, resources, principals and condition values to be decided exactly; split them into smaller documents.');
  }
  for (const principal of principals) for (const context of contexts) for (const action of actions) for (const resource of resources) yield { action, resource, principal, context };
}

export const patternsOf = (docs: Json[], fields: string[]): string[] => {
  const out = new Set<string>();
  for (const doc of docs) for (const st of statements(doc)) for (const f of fields) for (const v of strs(st[f])) out.add(v);
  return [...out];
};
