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
import type { AuthzCheck } from '../authz/check.js';
import type { Deps } from '../server/deps.js';

export type { AuthzCheck };


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
