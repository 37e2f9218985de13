/**
 * What an operation is: ONE declaration per AWS operation, the same type for every service, in
 * services/<service>/operations/<Name>.ts, collected by services/registry.ts. The pipeline
 * (server/pipeline/run.ts; ARCHITECTURE.md draws it) takes every request through the same stages:
 *
 *   route → authenticate → decode → prepare → authorize → handle → encode
 *
 * and calls the declaration's parts in that order:
 *
 *  - `route` (REST-XML operations only): where the REST-XML route table finds it (method × target ×
 *    sub-resource). Query-protocol operations (IAM, STS) are found by their Action.
 *  - `decode` (REST-XML only): the typed input from the HTTP request, with S3's error codes for bad input.
 *    Query-protocol input is decoded from AWS's service model (protocol/models), so those declare none.
 *  - `prepare`: what the operation must read or verify before it can be authorized — the bucket, the
 *    target user or role, an MFA code, a SAML assertion, a web-identity token. Its typed result reaches
 *    `checks`, `probes` and `handle` alike. It may fail with the operation's own errors (NoSuchBucket,
 *    InvalidIdentityToken); it never decides a permission.
 *  - `checks`: the permission checks as data (action, resource ARN, operation-specific condition keys,
 *    the resource policy). Pure: no I/O, no side effect. `[]` means no permission is needed
 *    (GetCallerIdentity). The pipeline's authorize stage evaluates them; a handler never calls the
 *    authorizer.
 *  - `probes`: checks whose outcome `handle` needs as a fact rather than as a refusal (GetObject on a
 *    missing key answers NoSuchKey only to callers allowed s3:ListBucket); `ctx.allowed(name)` reads them.
 *  - `handle`: the domain logic over the store; it returns the output shape of AWS's model (query
 *    protocol) or the REST-XML result (status, headers, XML or a byte stream), or throws a ServiceError.
 */
import type { Caller } from '../auth/caller.js';
import type { AuthzCheck } from '../authz/check.js';
import type { RequestContextValues } from '../authz/context.js';
import type { RestRoute } from '../protocol/restxml/route.js';
import type { RestRequest } from '../protocol/restxml/request.js';
import type { Deps } from '../server/deps.js';

export type { AuthzCheck };

export type ServiceName = 'iam' | 'sts' | 's3' | 'cloudtrail' | 'access-analyzer' | 'tessera' | 'sso-oidc' | 'sso' | 'sso-admin' | 'identitystore';

export interface OperationContext {
  deps: Deps;
  caller: Caller;
  requestId: string;
  /** The request's condition keys (aws:*, and S3's request-level s3:* keys), built once by the pipeline. */
  context: RequestContextValues;
  now: number;
  sourceIp: string;
  region: string;
  /** The outcome of each probe the operation declared (false for a probe it did not declare). */
  allowed(probe: string): boolean;
  /**
   * Unsigned calls only, with the audit trail on: who the call turned out to be, filled in by the operation as
   * it learns it (services/sts/federation/auditIdentity.ts), so that the pipeline can record the call.
   */
  auditIdentity?: AuditIdentity;
}

/**
 * The CloudTrail identity of an unsigned call (SAMLUser, WebIdentityUser) and the account its record belongs
 * to: set once the identity provider named is found registered in the role's account; the identity's
 * principalId and userName once the assertion or token is verified.
 */
export interface AuditIdentity {
  accountId?: string;
  identity?: Record<string, unknown>;
}

/** The request type a REST-XML context carries (S3OperationContext['request']). */
type RequestOf<C> = C extends { request: infer R } ? R : RestRequest;

export interface Operation<I = unknown, O = unknown, P = undefined, C extends OperationContext = OperationContext> {
  service: ServiceName;
  name: string;
  /** REST-XML: the route that selects this operation. */
  route?: RestRoute;
  /**
   * 'unsigned': the request carries no SigV4 signature (AssumeRoleWithSAML, AssumeRoleWithWebIdentity, S3's
   * CORS preflight). 'post-form': the credentials and signature are fields of a form (S3's POST upload).
   */
  authentication?: 'signed' | 'unsigned' | 'post-form';
  /** REST-XML: the typed input from the HTTP request (the context's `request`, when it has one). */
  decode?: (req: RequestOf<C>) => I | Promise<I>;
  prepare?: (input: I, ctx: C) => P | Promise<P>;
  checks: (input: I, ctx: C, prepared: P) => AuthzCheck[];
  probes?: (input: I, ctx: C, prepared: P) => Record<string, AuthzCheck>;
  handle: (input: I, ctx: C, prepared: P) => Promise<O>;
}

/**
 * Declares an operation with its input (I), output (O) and prepared (P) types checked. Give P when the
 * operation declares `prepare`.
 */
export const defineOperation = <I, O, P = undefined, C extends OperationContext = OperationContext>(op: Operation<I, O, P, C>): Operation<I, O, P, C> => op;

/** Any operation, as the registry and the pipeline hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any, any, any>;
