/**
 * What an operation is: one declaration per AWS operation, in services/<service>/operations/<Name>.ts.
 *
 *  - `authorize` returns, as data, the permission checks the operation needs (action, resource ARN,
 *    operation-specific condition keys). The pipeline evaluates them before the handler runs; a handler
 *    never calls the authorizer itself. `[]` means the operation needs no permission (GetCallerIdentity).
 *  - `handle` is the domain logic over the store; it returns the output shape of AWS's model (or throws a
 *    ServiceError).
 *
 * Wire shapes come from AWS's service models (protocol/models), so a query-protocol operation declares no
 * codec of its own.
 */
import type { Caller } from '../auth/caller.js';
import type { RequestContextValues } from '../authz/context.js';
import type { Deps } from '../server/deps.js';
import type { RequestPrincipal } from '../policy/index.js';

export interface AuthzCheck {
  /** 'iam:CreateUser', 'sts:AssumeRole', 's3:GetObject' */
  action: string;
  /** The resource ARN, or '*' for actions that take no resource. */
  resource: string;
  /** Operation-specific condition keys (e.g. sts:ExternalId, s3:prefix). */
  context?: RequestContextValues;
  /** The resource's owning account when it is not the caller's (cross-account rules apply). */
  resourceAccountId?: string;
  /** A resource-based policy that takes part in the decision (bucket policy, role trust policy). */
  resourcePolicy?: { document: string; id: string };
  /** 'trust': the resource policy is a role trust policy evaluated for sts:AssumeRole*. */
  kind?: 'identity' | 'trust';
  /**
   * Evaluate for this principal instead of the caller, with no identity-side policies: the identity
   * provider of an unsigned AssumeRoleWithSAML / AssumeRoleWithWebIdentity ({type: 'federated'}).
   */
  principal?: RequestPrincipal;
  /** AWS's wording of the refusal where it is not the engine's explained message. */
  deniedMessage?: string;
}

export interface OperationContext {
  deps: Deps;
  caller: Caller;
  requestId: string;
  /** The request's condition keys (aws:*), built once by the pipeline. */
  context: RequestContextValues;
  now: number;
  sourceIp: string;
  region: string;
}

export interface QueryOperation<I = Record<string, unknown>, O = Record<string, unknown> | undefined> {
  service: 'iam' | 'sts';
  name: string;
  /** 'unsigned' operations (AssumeRoleWithSAML, AssumeRoleWithWebIdentity) take no SigV4 signature. */
  authentication?: 'signed' | 'unsigned';
  /**
   * The permission checks as data. May be async when the resource policy must be read (a role's trust
   * policy): it reads, it never decides.
   */
  authorize: (input: I, ctx: OperationContext) => AuthzCheck[] | Promise<AuthzCheck[]>;
  handle: (input: I, ctx: OperationContext) => Promise<O>;
}

/** Declares an operation with its input and output types checked. */
export const defineQueryOperation = <I, O>(op: QueryOperation<I, O>): QueryOperation<I, O> => op;
