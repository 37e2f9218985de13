// Data types of the policy engine. Everything here is plain data: no functions, no I/O.
import type { Glob } from './match/glob.js';
import type { CompiledCondition } from './condition/types.js';
import type { PrincipalSpec } from './principal.js';
import type { PatternTemplate } from './variables.js';
import type { RequestContext, RequestPrincipal } from './request.js';

/** Where a policy document is used; decides which elements are required or prohibited. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'boundary' | 'session';

/** The policy types named in AWS's evaluation logic and AccessDenied messages. */
export type PolicyType = 'identity-based' | 'resource-based' | 'permissions boundary' | 'session';

export type Effect = 'Allow' | 'Deny';

/** A string pattern that is either fixed at compile time or contains policy variables. */
export type Pattern = Glob | PatternTemplate;

export interface CompiledStatement {
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  /** Lower-cased action globs; exactly one of actions / notActions is set. */
  readonly actions: readonly Glob[] | null;
  readonly notActions: readonly Glob[] | null;
  /** Resource patterns; both null in a trust policy (the role itself is the resource). */
  readonly resources: readonly Pattern[] | null;
  readonly notResources: readonly Pattern[] | null;
  readonly principal: PrincipalSpec | null;
  readonly notPrincipal: PrincipalSpec | null;
  readonly conditions: readonly CompiledCondition[];
}

/** Statements grouped by effect and by the service prefix of their actions. */
export interface ActionIndex {
  readonly deny: ReadonlyMap<string, readonly CompiledStatement[]>;
  readonly denyAny: readonly CompiledStatement[];
  readonly allow: ReadonlyMap<string, readonly CompiledStatement[]>;
  readonly allowAny: readonly CompiledStatement[];
}

export interface CompiledPolicy {
  readonly kind: PolicyKind;
  readonly version: '2012-10-17' | '2008-10-17';
  readonly id: string | undefined;
  readonly statements: readonly CompiledStatement[];
  readonly index: ActionIndex;
  /** Condition keys and policy-variable keys the policy references, first spelling kept. */
  readonly contextKeys: readonly string[];
}

export interface PolicySource {
  readonly type: PolicyType;
  /** An ARN, or a path such as 'user/bob/inline/name'. */
  readonly id: string;
}

export interface SourcedPolicy {
  readonly policy: CompiledPolicy;
  readonly source: PolicySource;
}

export type { PrincipalType, RequestContext, RequestPrincipal } from './request.js';

export interface EvaluationRequest {
  /** e.g. 's3:ListBucket' (case-insensitive). */
  readonly action: string;
  /** The resource ARN, or '*' for actions without a resource. */
  readonly resource: string;
  readonly principal: RequestPrincipal;
  /** Owner account of the resource; undefined = the principal's own account. */
  readonly resourceAccountId?: string;
  /** Condition keys. A Map from createContext() is used as is; a plain record is normalized per call. */
  readonly context: RequestContext | Readonly<Record<string, string | readonly string[]>>;
  /** The principal's identity-based policies (user inline + attached + groups', or the role's). */
  readonly identityPolicies: readonly SourcedPolicy[];
  /** Bucket policy, or the role trust policy for sts:AssumeRole*. */
  readonly resourcePolicy?: SourcedPolicy;
  readonly permissionsBoundary?: SourcedPolicy;
  /** Present only when the session had session policies (inline Policy and/or PolicyArns). */
  readonly sessionPolicies?: readonly SourcedPolicy[];
}

export interface MatchedStatement {
  readonly source: PolicySource;
  readonly sid: string | undefined;
  readonly statementIndex: number;
  readonly effect: Effect;
}

export interface Decision {
  readonly effect: 'Allow' | 'ExplicitDeny' | 'ImplicitDeny';
  /**
   * Allow: the policy type whose allow decided. ExplicitDeny: the type holding the deny.
   * ImplicitDeny: the policy type that lacked an allow (as AWS names it in AccessDenied messages).
   */
  readonly decidingType?: PolicyType;
  /** True when the deciding resource-based policy is a role trust policy. */
  readonly trustPolicy?: boolean;
  readonly matched: MatchedStatement[];
  /** Condition keys that conditions of applicable statements looked up and did not find. */
  readonly missingContextKeys: string[];
}

export interface EvaluateOptions {
  /** Evaluate every statement and list all that apply (slower); default lists only deciding ones. */
  readonly explain?: boolean;
}
