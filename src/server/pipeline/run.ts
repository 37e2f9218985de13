/**
 * The pipeline. Every AWS API request (IAM, STS, S3) takes the same stages, in this order, here and only
 * here (ARCHITECTURE.md draws them):
 *
 *   route → authenticate → decode → prepare → authorize → handle → encode
 *
 * A protocol adapter supplies what differs between AWS's protocols — how a request names its operation,
 * how its signature and body are read, how input is decoded, how results and errors become bytes:
 * query.ts (IAM, STS: the query protocol) and restXml.ts (S3: REST-XML). The operation supplies its
 * prepare, checks (and probes) and handle (services/operation.ts). Errors of every stage end in `fail`,
 * which renders them through the adapter's encoder and writes them once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authenticated } from '../../auth/authenticate.js';
import { buildRequestContext, type RequestContextValues } from '../../authz/context.js';
import { isServiceError, type ServiceError } from '../../core/errors.js';
import type { AnyOperation, AuditIdentity, AuthzCheck, OperationContext } from '../../services/operation.js';
import type { TLSSocket } from 'node:tls';
import type { AuditEntry, Deps } from '../deps.js';
import type { Exchange } from '../exchange.js';
import { getHeader } from '../../auth/sigv4/index.js';
import { withoutSecretMembers } from '../../services/cloudtrail/record.js';
import { closeAfterAnswer } from '../lingeringClose.js';
import { continueWithheld } from '../continue.js';
import { currentHttpDate, send } from '../respond.js';

/** What the route stage found: the operation, and whatever the protocol read to find it. */
export interface Routed {
  op: AnyOperation;
  /** The request body as the protocol reads it; `touched` once anything was read from it. */
  body?: { touched: boolean };
  /** Not a call of a served operation (another service's refusal): no audit record. */
  unaudited?: boolean;
}

/** What the authenticate stage established. */
export interface Authentication {
  caller: Authenticated['caller'];
  /** The signature's region (the server's region for unsigned requests). */
  region: string;
  /** The protocol's request-level condition keys (S3: s3:authType, s3:signatureversion, ...). */
  requestKeys?: RequestContextValues;
}

/** An error rendered to bytes: the pipeline writes it. */
export interface EncodedError {
  contentType: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

export interface ProtocolAdapter<R extends Routed> {
  /** route: which operation the request names (ex.service and ex.operation are set here). */
  route(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<R>;
  /** authenticate: the signature (or its absence) → the caller. */
  authenticate(deps: Deps, req: IncomingMessage, ex: Exchange, routed: R, now: number): Promise<Authentication>;
  /** decode: the operation's typed input. */
  decode(routed: R, auth: Authentication): unknown;
  /** The operation context with the protocol's own parts (S3: the blob store, the request). */
  context(deps: Deps, base: OperationContext, routed: R): OperationContext;
  /** encode: the result, written to the response. */
  encode(req: IncomingMessage, res: ServerResponse, ex: Exchange, routed: R, result: unknown): Promise<void>;
  /** An error in the protocol's shape, as bytes. */
  encodeError(e: ServiceError, ex: Exchange): EncodedError;
  /** The protocol's answer to a bug (query: InternalFailure; S3: InternalError), never its message. */
  internalError(): ServiceError;
  /** A last look at an error before it is rendered (S3: a full disk is 503, not 500). */
  classifyError?(deps: Deps, ex: Exchange, err: unknown): Promise<unknown>;
}

const NO_CONTEXT: RequestContextValues = Object.freeze({}) as RequestContextValues;

/** Bodies larger than this are not drained after an early error: the connection is closed instead. */
const DRAIN_LIMIT = 1 << 20;

export async function runPipeline<R extends Routed>(adapter: ProtocolAdapter<R>, deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> {
  let routed: R | undefined;
  let auth: Authentication | undefined;
  let input: unknown;
  let result: unknown;
  let failure: unknown;
  let now = 0;
  let federated: AuditIdentity | undefined;
  try {
    // route
    routed = await adapter.route(deps, req, res, ex);
    const { op } = routed;
    // authenticate
    now = deps.clock.now();
    try {
      auth = await adapter.authenticate(deps, req, ex, routed, now);
    } catch (e) {
      if (isServiceError(e)) deps.metrics.authFailure(e.code);
      throw e;
    }
    if (auth.caller.type !== 'anonymous') ex.caller = auth.caller.arn;
    // decode (awaited only when the operation decodes asynchronously: each await is a turn of the loop)
    input = adapter.decode(routed, auth);
    if (input instanceof Promise) input = await input;
    const ctx = adapter.context(deps, operationContext(deps, ex, auth, now), routed);
    // An unsigned call is recorded only once the operation says who made it (AssumeRoleWithSAML, ...WebIdentity).
    if (deps.audit && op.authentication === 'unsigned' && auth.caller.type === 'anonymous') ctx.auditIdentity = federated = {};
    // prepare → authorize → handle
    result = await runOperation(op, input, ctx, ex);
    // encode
    await adapter.encode(req, res, ex, routed, result);
  } catch (err) {
    const e = adapter.classifyError ? await adapter.classifyError(deps, ex, err) : err;
    failure = e;
    fail(adapter, deps, req, res, ex, e, routed?.body?.touched ?? false);
  }
  // The audit record: every authenticated call of a served operation, answered or refused (an array push);
  // an unsigned one once its operation established who made it and for which account.
  if (deps.audit && auth && routed && !routed.unaudited) {
    if (auth.caller.type !== 'anonymous') deps.audit.record(auditEntry(req, ex, routed.op, auth, now, input, failure === undefined ? result : undefined, failure));
    else if (federated?.accountId && federated.identity) deps.audit.record(unsignedAuditEntry(auditEntry(req, ex, routed.op, auth, now, input, failure === undefined ? result : undefined, failure), federated));
  }
}

/**
 * An unsigned call's entry: its identity given whole, its account the role's; the assertion or token left out
 * of the input at once (never held in the recorder's queue, which a flood of bad calls may fill up).
 */
function unsignedAuditEntry(entry: AuditEntry, federated: AuditIdentity): AuditEntry {
  entry.identity = federated.identity;
  entry.recipientAccountId = federated.accountId;
  entry.unsigned = true;
  entry.input = withoutSecretMembers(entry.input);
  return entry;
}

function s3Names(input: unknown): Record<string, string> | undefined {
  if (!input || typeof input !== 'object') return undefined;
  const i = input as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const k of ['bucket', 'key', 'versionId'] as const) if (typeof i[k] === 'string') out[k] = i[k] as string;
  return out;
}

/** What the audit record of one call is built from (services/cloudtrail/record.ts builds it later). */
function auditEntry(req: IncomingMessage, ex: Exchange, op: AnyOperation, auth: Authentication, now: number, input: unknown, result: unknown, failure: unknown): AuditEntry {
  const host = getHeader(ex.headers, 'host');
  const entry: AuditEntry = {
    service: op.service,
    name: op.name,
    caller: auth.caller,
    region: auth.region,
    at: now,
    requestId: ex.requestId,
    sourceIp: ex.sourceIp,
    userAgent: getHeader(ex.headers, 'user-agent'),
    host,
    // S3: only what its record names (the bucket, the key, the version), never a body or a stream.
    input: op.service === 's3' ? s3Names(input) : input,
    output: op.service === 's3' ? undefined : result,
  };
  if (failure !== undefined) {
    const e = isServiceError(failure) ? failure : undefined;
    const denial = e as (ServiceError & { decision?: unknown; check?: AuthzCheck }) | undefined;
    entry.error = {
      code: e?.code ?? 'InternalFailure',
      message: e?.message ?? 'We encountered an internal error. Please try again.',
      ...(denial?.decision && denial.check ? { decision: denial.decision, check: { action: denial.check.action, resource: denial.check.resource } } : {}),
    };
  }
  if (ex.secure) {
    const socket = req.socket as TLSSocket;
    const cipher = typeof socket.getCipher === 'function' ? socket.getCipher() : undefined;
    const version = typeof socket.getProtocol === 'function' ? socket.getProtocol() : null;
    if (cipher && version) entry.tls = { tlsVersion: version, cipherSuite: cipher.name, ...(host ? { clientProvidedHostHeader: host } : {}) };
  }
  return entry;
}

/** The stages the operation itself takes part in: prepare → authorize → handle. */
export async function runOperation(op: AnyOperation, input: unknown, ctx: OperationContext, ex: { decision?: string }): Promise<unknown> {
  const prepared = op.prepare ? await op.prepare(input, ctx) : undefined;
  const checks = op.checks(input, ctx, prepared);
  // Last use (keys, roles, the access advisor): map writes only; the store is written later, in a batch.
  if (ctx.deps.usage && ctx.caller.type !== 'anonymous') ctx.deps.usage.record(ctx.caller, checks[0]?.action ?? `${op.service}:${op.name}`, ctx.region, ctx.now);
  if (checks.length > 0 || op.probes) await authorize(ctx.deps, ex, op, checks, input, ctx, prepared);
  else {
    // No permission needed (GetCallerIdentity): only the gates (what session credentials may not do) apply.
    ctx.deps.authorizer.applyGates(ctx.caller, checks);
    ex.decision = 'NotRequired';
  }
  return op.handle(input, ctx, prepared);
}

/**
 * The context every operation receives. The request's condition keys (every global key, plus the protocol's
 * request-level keys) are built on first use: GetCallerIdentity needs none. Probe outcomes are filled in by
 * the authorize stage.
 */
export function operationContext(deps: Deps, ex: Pick<Exchange, 'requestId' | 'sourceIp' | 'secure' | 'headers'>, auth: Authentication, now: number): OperationContext & { probes: Probes } {
  const { caller, region, requestKeys } = auth;
  let context: RequestContextValues | undefined;
  const probes: Probes = { outcomes: {} };
  const ctx: OperationContext & { probes: Probes } = {
    deps,
    caller,
    requestId: ex.requestId,
    get context() {
      if (context === undefined) {
        context = buildRequestContext(caller, { now, sourceIp: ex.sourceIp, secureTransport: ex.secure, region, userAgent: getHeader(ex.headers, 'user-agent') });
        if (requestKeys) Object.assign(context, requestKeys);
      }
      return context;
    },
    now,
    sourceIp: ex.sourceIp,
    region,
    probes,
    allowed: (probe) => {
      let outcome = probes.outcomes[probe];
      if (outcome === undefined) {
        const pending = probes.pending ?? (probes.declare ? (probes.pending = probes.declare()) : undefined);
        const check = pending?.[probe];
        outcome = check !== undefined && probes.policies !== undefined && deps.authorizer.decide(caller, probes.policies, check, ctx.context).effect === 'Allow';
        probes.outcomes[probe] = outcome;
      }
      return outcome;
    },
  };
  return ctx;
}

/**
 * An operation's probes, handed over by the authorize stage, then declared and decided on first use: a
 * GetObject that finds its object never asks whether the caller may list the bucket, so it never pays for
 * that check or its decision.
 */
interface Probes {
  declare?: () => Record<string, AuthzCheck>;
  pending?: Record<string, AuthzCheck>;
  outcomes: Record<string, boolean>;
  policies?: Awaited<ReturnType<Deps['authorizer']['policiesFor']>>;
}

/** The authorize stage: the operation's declared checks through the policy engine (deny by default), then its probes. */
async function authorize(deps: Deps, ex: { decision?: string }, op: AnyOperation, checks: AuthzCheck[], input: unknown, ctx: OperationContext, prepared: unknown): Promise<void> {
  try {
    const outcome = await deps.authorizer.authorize(ctx.caller, checks, checks.length > 0 ? ctx.context : NO_CONTEXT);
    ex.decision = checks.length === 0 ? 'NotRequired' : outcome.decision;
  } catch (e) {
    ex.decision = 'Deny';
    throw e;
  }
  if (!op.probes) return;
  const probes = (ctx as OperationContext & { probes?: Probes }).probes;
  if (!probes) return;
  probes.policies = await deps.authorizer.policiesFor(ctx.caller);
  const declare = op.probes;
  probes.declare = () => declare(input, ctx, prepared);
}

/**
 * An answer given before the whole body was read: the unread rest of a small untouched body (`declared`
 * bytes or fewer than DRAIN_LIMIT) is drained so the connection can serve the next request; a large or
 * half-read one, or one never asked for (Expect: 100-continue, server/continue.ts), is not read: the answer
 * goes and the connection closes.
 */
export function settleUnreadBody(req: IncomingMessage, res: ServerResponse, declared: number, touched: boolean): void {
  if (touched || !(declared <= DRAIN_LIMIT) || continueWithheld(req)) closeAfterAnswer(req, res);
  else req.resume();
}

/**
 * Every stage's error ends here: a ServiceError is the client's answer; anything else is a bug, logged with
 * the request id and answered InternalError without its message. The unread rest of a small body is
 * drained; a large or half-read one is not read: the answer goes and the connection closes.
 */
function fail<R extends Routed>(adapter: ProtocolAdapter<R>, deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange, err: unknown, bodyTouched: boolean) {
  if (res.headersSent) {
    if (!isServiceError(err)) deps.logger.error(ex.requestId, err);
    res.destroy();
    return;
  }
  let e: ServiceError;
  if (isServiceError(err)) e = err;
  else {
    deps.logger.error(ex.requestId, err);
    e = adapter.internalError();
  }
  ex.error = e.code;
  if (e.headers?.Connection === 'close') closeAfterAnswer(req, res);
  else if (!req.complete) {
    const cl = req.headers['content-length'];
    settleUnreadBody(req, res, cl !== undefined ? Number(cl) : req.headers['transfer-encoding'] ? Infinity : 0, bodyTouched);
  }
  const out = adapter.encodeError(e, ex);
  if (e.status === 304) {
    res.writeHead(304, { 'x-amz-request-id': ex.requestId, Date: currentHttpDate(), ...out.headers });
    res.end();
    return;
  }
  send(res, ex, e.status, out.contentType, out.body, out.headers);
}
