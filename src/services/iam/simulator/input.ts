/**
 * The simulator's inputs checked and turned into data (no store, no I/O): policies of the request,
 * ContextEntries, CallerArn, ResourceOwner, ResourceHandlingOption. Each refusal is AWS's InvalidInput
 * (or MalformedPolicyDocument for a policy that does not parse); nothing here changes anything.
 * Shapes, lengths, enums and required members are checked before, by the query decoder from botocore's model.
 */
import { isIP } from 'node:net';
import { parseArn } from '../../../core/arn.js';
import { parsePolicy, type CompiledPolicy, type PolicyKind } from '../../../policy/index.js';
import { invalidInput, malformedPolicy } from '../errors.js';

export type SourcePolicyType = 'user' | 'group' | 'role' | 'aws-managed' | 'user-managed' | 'resource' | 'none';

/** A policy taking part in a simulation, with its text (for statement positions). */
export interface SimPolicy {
  id: string;
  type: SourcePolicyType;
  text: string;
  policy: CompiledPolicy;
}

export interface ContextEntry {
  ContextKeyName?: string;
  ContextKeyValues?: string[];
  ContextKeyType?: string;
}

function compileOrThrow(text: string, kind: PolicyKind, where: string): CompiledPolicy {
  try {
    return parsePolicy(text, kind);
  } catch (e) {
    throw malformedPolicy(`${where}: ${(e as Error).message}`);
  }
}

/** Policies of the request (PolicyInputList and friends), named `List.N` as AWS names them; each must parse. */
export function inputPolicies(texts: string[] | undefined, list: string, kind: PolicyKind): SimPolicy[] {
  return (texts ?? []).map((text, i) => ({ id: `${list}.${i + 1}`, type: 'none' as const, text, policy: compileOrThrow(text, kind, `${list}.${i + 1}`) }));
}

/** PermissionsBoundaryPolicyInputList: "You can input only one permissions boundary". */
export function inputBoundary(texts: string[] | undefined): SimPolicy | undefined {
  if (texts && texts.length > 1) throw invalidInput('PermissionsBoundaryPolicyInputList can contain only one permissions boundary policy.');
  return inputPolicies(texts, 'PermissionsBoundaryPolicyInputList', 'boundary')[0];
}

/**
 * ResourcePolicy: a resource-based policy (with Resource), or a role trust policy (without Resource), which
 * applies to sts:AssumeRole* as the role's trust policy does. MalformedPolicyDocument when it is neither.
 */
export interface ResourcePolicyInput {
  policy: SimPolicy;
  trust: boolean;
}
export function inputResourcePolicy(text: string | undefined): ResourcePolicyInput | undefined {
  if (text === undefined) return undefined;
  const make = (kind: PolicyKind) => ({ id: 'ResourcePolicy', type: 'resource' as const, text, policy: parsePolicy(text, kind) });
  try {
    return { policy: make('resource'), trust: false };
  } catch (asResource) {
    try {
      return { policy: make('trust'), trust: true };
    } catch {
      throw malformedPolicy(`ResourcePolicy: ${(asResource as Error).message}`);
    }
  }
}

/** The simulated caller: "You can specify only the ARN of an IAM user." */
export interface SimCaller {
  arn: string;
  accountId: string;
  userName: string;
}
export function inputCaller(callerArn: string | undefined): SimCaller | undefined {
  if (callerArn === undefined) return undefined;
  const p = parseArn(callerArn);
  const m = p && p.service === 'iam' && /^\d{12}$/.test(p.account) ? /^user\/(?:.*\/)?([\w+=,.@-]+)$/.exec(p.resource) : null;
  if (!p || !m) throw invalidInput(`Invalid CallerArn: ${callerArn}. The simulated caller must be the ARN of an IAM user.`);
  return { arn: callerArn, accountId: p.account, userName: m[1]! };
}

/** ResourceOwner: an account ID, or the account's ARN (arn:aws:iam::ACCOUNT-ID:root). */
export function inputResourceOwner(owner: string | undefined): string | undefined {
  if (owner === undefined) return undefined;
  if (/^\d{12}$/.test(owner)) return owner;
  const p = parseArn(owner);
  if (p && p.service === 'iam' && /^\d{12}$/.test(p.account) && p.resource === 'root') return p.account;
  throw invalidInput(`Invalid ResourceOwner: ${owner}. Specify an account ID or an account ARN (arn:aws:iam::123456789012:root).`);
}

/** The EC2 scenarios of ResourceHandlingOption and the resource types each must name in ResourceArns. */
const SCENARIOS: Record<string, string[]> = {
  'EC2-VPC-InstanceStore': ['instance', 'image', 'security-group', 'network-interface'],
  'EC2-VPC-InstanceStore-Subnet': ['instance', 'image', 'security-group', 'network-interface', 'subnet'],
  'EC2-VPC-EBS': ['instance', 'image', 'security-group', 'network-interface', 'volume'],
  'EC2-VPC-EBS-Subnet': ['instance', 'image', 'security-group', 'network-interface', 'subnet', 'volume'],
};

export function checkResourceHandling(option: string | undefined, resources: string[]): void {
  if (option === undefined) return;
  const need = SCENARIOS[option];
  if (!need) throw invalidInput(`Invalid ResourceHandlingOption: ${option}. Valid values: ${Object.keys(SCENARIOS).join(', ')}.`);
  const have = new Set(resources.map((r) => /^arn:[^:]+:ec2:[^:]*:[^:]*:([a-z-]+)\//.exec(r)?.[1]));
  const missing = need.filter((t) => !have.has(t));
  if (missing.length) throw invalidInput(`ResourceHandlingOption ${option} requires ResourceArns of these EC2 resource types: ${missing.join(', ')}.`);
}

const TYPES = new Set(['string', 'stringList', 'numeric', 'numericList', 'boolean', 'booleanList', 'ip', 'ipList', 'binary', 'binaryList', 'date', 'dateList']);

function validValue(base: string, v: string): boolean {
  switch (base) {
    case 'boolean':
      return /^(true|false)$/i.test(v);
    case 'numeric':
      return v.trim() !== '' && Number.isFinite(Number(v));
    case 'date':
      return /^\d+$/.test(v) || !Number.isNaN(Date.parse(v));
    case 'ip': {
      const [addr, bits, ...rest] = v.split('/');
      const family = isIP(addr ?? '');
      if (family === 0 || rest.length) return false;
      return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
    }
    case 'binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(v) && v.length % 4 === 0;
    default:
      return true;
  }
}

/** ContextEntries → condition keys; InvalidInput for an entry whose values do not fit its type. */
export function contextFromEntries(entries: ContextEntry[] | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const e of entries ?? []) {
    const name = e.ContextKeyName;
    const type = e.ContextKeyType;
    const values = e.ContextKeyValues ?? [];
    if (!name || !type || !TYPES.has(type)) throw invalidInput('Each context entry needs a ContextKeyName, ContextKeyValues and a valid ContextKeyType.');
    const base = type.replace(/List$/, '');
    const list = type.endsWith('List');
    if (!list && values.length !== 1) throw invalidInput(`Context key ${name} of type ${type} takes exactly one value.`);
    for (const v of values) if (!validValue(base, v)) throw invalidInput(`Invalid value ${v} for context key ${name} of type ${type}.`);
    const vs = base === 'boolean' ? values.map((v) => v.toLowerCase()) : values;
    out[name] = list ? vs : vs[0]!;
  }
  return out;
}
