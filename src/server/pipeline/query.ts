/**
 * The query protocol's adapter (IAM, STS) to the one pipeline (run.ts). Route: the Action names the
 * operation (the service: the signature's scope, else Version, else the Host), read from the URL and the
 * form body. Authenticate: SigV4 over the body's hash (operations declared 'unsigned' take none). Decode:
 * AWS's service model turns the parameters into typed input. Encode: the model's XML result and error shapes.
 * Authentication comes before typed decoding, so an unsigned or badly signed request learns nothing about
 * the validity of its parameters.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../../auth/authenticate.js';
import { anonymousCaller } from '../../auth/caller.js';
import { sha256Hex } from '../../auth/sigv4/index.js';
import { Errors } from '../../core/errors.js';
import { decodeInput, paramTree } from '../../protocol/query/decode.js';
import { encodeError, encodeResponse } from '../../protocol/query/encode.js';
import { loadModel, type ServiceModel } from '../../protocol/query/model.js';
import type { AnyOperation } from '../../services/operation.js';
import { operations } from '../../services/registry.js';
import type { Deps } from '../deps.js';
import { header, scopeService, signedRequest, type Exchange } from '../exchange.js';
import { send } from '../respond.js';
import { readBody } from './body.js';
import { runPipeline, type ProtocolAdapter, type Routed } from './run.js';
import { foreignErrorFor, refuseUnsignedForeignQuery } from './unserved.js';

const VERSIONS: Record<string, 'iam' | 'sts'> = { '2010-05-08': 'iam', '2011-06-15': 'sts' };
const MAX_QUERY_BODY = 2 * 1024 * 1024;

export type QueryService = 'iam' | 'sts';

interface QueryRouted extends Routed {
  service: QueryService;
  model: ServiceModel;
  opModel: ServiceModel['operations'][string];
  params: URLSearchParams;
  body: { touched: boolean; bytes: Buffer };
}

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

/** A request the query protocol takes: path '/', and an Action (query or form) or an IAM/STS scope. */
export function isQueryRequest(ex: Exchange): boolean {
  if (ex.rawPath !== '/') return false;
  const s = scopeService(ex);
  if (s === 'iam' || s === 'sts') return true;
  if (s) return false;
  if (/(^|&)Action=/.test(ex.rawQuery)) return true;
  const ct = header(ex, 'content-type') ?? '';
  return ex.method === 'POST' && ct.startsWith('application/x-www-form-urlencoded');
}

export const queryProtocol: ProtocolAdapter<QueryRouted> = {
  async route(deps, req, _res, ex) {
    // Until the service is known, errors are rendered in STS's namespace.
    ex.service = 'sts';
    const bytes = await readBody(req, MAX_QUERY_BODY);
    const params = new URLSearchParams(ex.rawQuery);
    if (bytes.length > 0) for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) params.append(k, v);
    // An unsigned EC2 or SNS form (its Version only in the body): that service's refusal, not an STS error.
    if (scopeService(ex) === undefined) await refuseUnsignedForeignQuery(deps, ex, params, bytes, deps.clock.now());
    const service = queryServiceOf(ex, params) ?? 'sts';
    ex.service = service;
    const action = params.get('Action');
    if (!action) throw Errors.missingAction();
    const op: AnyOperation | undefined = operations.get(service, action);
    const model = loadModel(service);
    const opModel = model.operations[action];
    // Log and metric labels only ever name operations that exist: a client cannot mint new series.
    ex.operation = op && opModel ? action : 'unknown';
    if (!op || !opModel) throw Errors.invalidAction(action);
    return { op, service, model, opModel, params, body: { touched: true, bytes } };
  },

  async authenticate(deps, _req, ex, { op, body }, now) {
    if (op.authentication === 'unsigned') return { caller: anonymousCaller(), region: deps.config.region };
    const a = await authenticate(deps.credentials, signedRequest(ex, sha256Hex(body.bytes)), { dialect: 'query', now, realNow: deps.clock.real() });
    return { caller: a.caller, region: a.sigv4?.parsed.region ?? deps.config.region };
  },

  decode: ({ model, opModel, params }) => decodeInput(model, opModel.input?.shape, paramTree(params)),

  context: (_deps, base) => base,

  async encode(_req, res, ex, { model, opModel }, result) {
    send(res, ex, 200, 'text/xml', encodeResponse(model, opModel, (result as Record<string, unknown> | undefined) ?? undefined, ex.requestId));
  },

  encodeError: (e, ex) => foreignErrorFor(e, ex) ?? {
    contentType: 'text/xml',
    body: encodeError(loadModel(ex.service === 'iam' ? 'iam' : 'sts').metadata.xmlNamespace, e, ex.requestId),
    headers: e.headers ? { ...e.headers } : {},
  },

  internalError: () => Errors.internal(),
};

export const handleQuery = (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> => runPipeline(queryProtocol, deps, req, res, ex);
