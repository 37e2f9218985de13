/**
 * The query-protocol pipeline (IAM, STS): route → read → authenticate → decode → request context →
 * authorize → handle → encode. Authentication comes before typed decoding so that an unsigned or badly
 * signed request learns nothing about the validity of its parameters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../../auth/authenticate.js';
import { sha256Hex } from '../../auth/sigv4/index.js';
import { anonymousCaller } from '../../auth/caller.js';
import { buildRequestContext, type RequestContextValues } from '../../authz/context.js';
import { Errors, ServiceError, isServiceError } from '../../core/errors.js';
import { decodeInput, paramTree } from '../../protocol/query/decode.js';
import { encodeError, encodeResponse } from '../../protocol/query/encode.js';
import { loadModel } from '../../protocol/query/model.js';
import type { OperationContext } from '../../services/operation.js';
import { queryOperations } from '../../services/registry.js';
import type { Deps } from '../deps.js';
import { header, scopeService, signedRequest, type Exchange } from '../exchange.js';
import { closeAfterAnswer } from '../lingeringClose.js';
import { send } from '../respond.js';
import { readBody } from './body.js';

const VERSIONS: Record<string, 'iam' | 'sts'> = { '2010-05-08': 'iam', '2011-06-15': 'sts' };
const MAX_QUERY_BODY = 2 * 1024 * 1024;
const NO_CONTEXT: RequestContextValues = Object.freeze({}) as RequestContextValues;

export type QueryService = 'iam' | 'sts';

/** Which query-protocol service a request is for: the signature's scope, else Version, else the Host. */
export function queryServiceOf(ex: Exchange, params: URLSearchParams): QueryService | undefined {
  const scoped = scopeService(ex);
  if (scoped === 'iam' || scoped === 'sts') return scoped;
  const v = params.get('Version');
  if (v && VERSIONS[v]) return VERSIONS[v];
  const host = header(ex, 'host') ?? '';
  if (/^iam[.:]/.test(host)) return 'iam';
  if (/^sts[.:]/.test(host)) return 'sts';
  return undefined;
}

/** A request the query pipeline should take: path '/', and an Action (query or form) or an IAM/STS scope. */
export function isQueryRequest(ex: Exchange): boolean {
  if (ex.rawPath !== '/') return false;
  const s = scopeService(ex);
  if (s === 'iam' || s === 'sts') return true;
  if (s) return false;
  if (/(^|&)Action=/.test(ex.rawQuery)) return true;
  const ct = header(ex, 'content-type') ?? '';
  return ex.method === 'POST' && ct.startsWith('application/x-www-form-urlencoded');
}

export async function handleQuery(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> {
  let service: QueryService = 'sts';
  try {
    const body = await readBody(req, MAX_QUERY_BODY);
    const params = new URLSearchParams(ex.rawQuery);
    if (body.length > 0) for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.append(k, v);
    service = queryServiceOf(ex, params) ?? 'sts';
    ex.service = service;
    const action = params.get('Action');
    if (!action) throw Errors.missingAction();
    const op = queryOperations.get(service, action);
    const model = loadModel(service);
    const opModel = model.operations[action];
    // Log and metric labels only ever name operations that exist: a client cannot mint new series.
    ex.operation = op && opModel ? action : 'unknown';
    if (!op || !opModel) throw Errors.invalidAction(action);

    const now = deps.clock.now();
    let caller = anonymousCaller();
    let region = deps.config.region;
    if (op.authentication !== 'unsigned') {
      const payloadHash = sha256Hex(body);
      try {
        const a = await authenticate(deps.credentials, signedRequest(ex, payloadHash), { dialect: 'query', now });
        caller = a.caller;
        if (a.sigv4) region = a.sigv4.parsed.region;
      } catch (e) {
        if (isServiceError(e)) deps.metrics.authFailure(e.code);
        throw e;
      }
      ex.caller = caller.arn;
    }

    const input = decodeInput(model, opModel.input?.shape, paramTree(params));
    // The request context (every global condition key) is built on first use: GetCallerIdentity needs none.
    let context: RequestContextValues | undefined;
    const facts = { now, sourceIp: ex.sourceIp, secureTransport: ex.secure, region, userAgent: header(ex, 'user-agent') };
    const octx: OperationContext = {
      deps,
      caller,
      requestId: ex.requestId,
      get context() {
        return (context ??= buildRequestContext(caller, facts));
      },
      now,
      sourceIp: ex.sourceIp,
      region,
    };
    const checks = await op.authorize(input, octx);
    try {
      const outcome = await deps.authorizer.authorize(caller, checks, checks.length > 0 ? octx.context : NO_CONTEXT);
      ex.decision = checks.length === 0 ? 'NotRequired' : outcome.decision;
    } catch (e) {
      ex.decision = 'Deny';
      throw e;
    }
    const result = await op.handle(input, octx);
    send(res, ex, 200, 'text/xml', encodeResponse(model, opModel, result ?? undefined, ex.requestId));
  } catch (err) {
    sendQueryError(deps, res, ex, service, err);
  }
}

export function sendQueryError(deps: Deps, res: ServerResponse, ex: Exchange, service: QueryService, err: unknown) {
  let e: ServiceError;
  if (isServiceError(err)) e = err;
  else {
    deps.logger.error(ex.requestId, err);
    e = Errors.internal();
  }
  ex.error = e.code;
  // An answer given before the body was read (413, 503) closes the connection without a reset.
  if (e.headers?.Connection === 'close' && res.req) closeAfterAnswer(res.req, res);
  send(res, ex, e.status, 'text/xml', encodeError(loadModel(service).metadata.xmlNamespace, e, ex.requestId), e.headers ?? {});
}
