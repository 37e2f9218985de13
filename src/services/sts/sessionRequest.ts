/**
 * The parts of a session request that AssumeRole and GetFederationToken share: session policies (inline
 * Policy and PolicyArns), session tags and transitive tag keys, and the packed size AWS reports.
 */
import { deflateRawSync } from 'node:zlib';
import type { Caller } from '../../auth/caller.js';
import { parseArn } from '../../core/arn.js';
import { Errors } from '../../core/errors.js';
import { parsePolicy, PolicyValidationError } from '../../policy/index.js';
import { StsErrors } from './errors.js';

export interface SessionRequest {
  Policy?: string;
  PolicyArns?: { arn?: string }[];
  Tags?: { Key: string; Value: string }[];
  TransitiveTagKeys?: string[];
}

export interface ResolvedSessionRequest {
  sessionPolicy?: string;
  sessionPolicyArns?: string[];
  /** Tags of the new session: inherited transitive tags plus the request's. */
  tags?: Record<string, string>;
  transitiveTagKeys?: string[];
  /** PackedPolicySize: percent of the packed limit used. */
  packedPercent: number;
  /** Condition keys the request adds (aws:RequestTag/*, aws:TagKeys, sts:TransitiveTagKeys). */
  context: Record<string, string | string[]>;
}

const MAX_POLICY_CHARS = 2048;
const MAX_POLICY_ARNS = 10;
/** The packed (deflated) size of session policies and tags AWS-style limits are expressed against. */
const PACKED_LIMIT_BYTES = 2048;

/** The condition keys a call's session tags set: aws:RequestTag/<key> and aws:TagKeys. */
export function requestTagContext(tags: SessionRequest['Tags']): Record<string, string | string[]> {
  const c: Record<string, string | string[]> = {};
  if (!tags?.length) return c;
  for (const t of tags) c[`aws:RequestTag/${t.Key}`] = t.Value;
  c['aws:TagKeys'] = tags.map((t) => t.Key);
  return c;
}

export function resolveSessionRequest(input: SessionRequest, caller: Caller): ResolvedSessionRequest {
  const out: ResolvedSessionRequest = { packedPercent: 0, context: {} };
  if (input.Policy !== undefined) {
    if (input.Policy.length > MAX_POLICY_CHARS) {
      throw Errors.validation(
        `1 validation error detected: Value at 'policy' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_CHARS}`,
      );
    }
    try {
      parsePolicy(input.Policy, 'session');
    } catch (e) {
      if (e instanceof PolicyValidationError) throw StsErrors.malformedPolicy(e.message);
      throw e;
    }
    out.sessionPolicy = input.Policy;
  }
  if (input.PolicyArns !== undefined && input.PolicyArns.length > 0) {
    if (input.PolicyArns.length > MAX_POLICY_ARNS) {
      throw Errors.validation(
        `1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to ${MAX_POLICY_ARNS}`,
      );
    }
    const arns: string[] = [];
    for (const d of input.PolicyArns) {
      const p = d.arn ? parseArn(d.arn) : null;
      if (!d.arn || !p || p.service !== 'iam' || !p.resource.startsWith('policy/')) {
        throw StsErrors.invalidParameter(`The policy ARN ${d.arn ?? ''} is not valid.`.replace('  ', ' '));
      }
      arns.push(d.arn);
    }
    out.sessionPolicyArns = arns;
  }

  // Tags: inherited transitive tags first; a request may not set an inherited key again.
  const tags: Record<string, string> = {};
  const lcKeys = new Set<string>();
  const inherited = caller.session?.transitiveTagKeys ?? [];
  for (const k of inherited) {
    const v = caller.session?.tags?.[k];
    if (v === undefined) continue;
    tags[k] = v;
    lcKeys.add(k.toLowerCase());
  }
  const requestKeys: string[] = [];
  for (const t of input.Tags ?? []) {
    const lc = t.Key.toLowerCase();
    if (lcKeys.has(lc)) {
      throw StsErrors.invalidParameter(
        inherited.some((k) => k.toLowerCase() === lc)
          ? `One or more session tags are already set as transitive tags by the calling session: ${t.Key}`
          : `Duplicate tag keys found. Please note that Tag keys are case insensitive.`,
      );
    }
    lcKeys.add(lc);
    tags[t.Key] = t.Value;
    requestKeys.push(t.Key);
    out.context[`aws:RequestTag/${t.Key}`] = t.Value;
  }
  if (requestKeys.length > 0) out.context['aws:TagKeys'] = requestKeys;
  const transitive = new Set(inherited.filter((k) => tags[k] !== undefined));
  if (input.TransitiveTagKeys && input.TransitiveTagKeys.length > 0) {
    const requestLc = new Map(requestKeys.map((k) => [k.toLowerCase(), k]));
    for (const k of input.TransitiveTagKeys) {
      const real = requestLc.get(k.toLowerCase());
      if (!real) throw StsErrors.invalidParameter('The specified transitive tag key must be included in the requested tags.');
      transitive.add(real);
    }
    out.context['sts:TransitiveTagKeys'] = input.TransitiveTagKeys;
  }
  if (Object.keys(tags).length > 0) out.tags = tags;
  if (transitive.size > 0) out.transitiveTagKeys = [...transitive];

  if (out.sessionPolicy !== undefined || out.sessionPolicyArns || input.Tags?.length) {
    const packed = deflateRawSync(
      Buffer.from(JSON.stringify([out.sessionPolicy ? JSON.stringify(JSON.parse(out.sessionPolicy)) : '', out.sessionPolicyArns ?? [], input.Tags ?? []])),
    ).length;
    out.packedPercent = Math.ceil((packed * 100) / PACKED_LIMIT_BYTES);
    if (out.packedPercent > 100) throw StsErrors.packedPolicyTooLarge(out.packedPercent);
  }
  return out;
}
