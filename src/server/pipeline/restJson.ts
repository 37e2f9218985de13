/**
 * The restJson1 protocol's adapter (Access Analyzer) to the one pipeline (run.ts). Route: the SigV4
 * credential scope's service names the service (protocol/restjson/services.ts); its botocore model's HTTP
 * bindings (method × request URI template) name the operation (an unsigned request: only an operation the
 * model marks unsigned). Authenticate: SigV4 over the body's hash (operations declared 'unsigned' take none).
 * Decode: the input shape from URI labels, query string, headers and the JSON body, validated against the
 * model. Encode: the output shape as JSON (header members as headers). Errors: `x-amzn-ErrorType` and a JSON
 * body (protocol/restjson/errors.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../../auth/authenticate.js';
import { anonymousCaller } from '../../auth/caller.js';
import { getHeader, sha256Hex } from '../../auth/sigv4/index.js';
import { decodeRestJson } from '../../protocol/restjson/decode.js';
import { encodeRestJson } from '../../protocol/restjson/encode.js';
import { encodeRestJsonError, internalServerException, unknownOperation } from '../../protocol/restjson/errors.js';
import { loadRestModel, type RestOperationModel, type RestServiceModel } from '../../protocol/restjson/model.js';
import { findRoute } from '../../protocol/restjson/route.js';
import { REST_JSON_SERVICES, restJsonServiceBySigningName, type RestJsonService } from '../../protocol/restjson/services.js';
import type { AnyOperation } from '../../services/operation.js';
import { operations } from '../../services/registry.js';
import type { Deps } from '../deps.js';
import { header, scopeService, signedRequest, type Exchange } from '../exchange.js';
import { send } from '../respond.js';
import { readBody } from './body.js';
import { runPipeline, type ProtocolAdapter, type Routed } from './run.js';

/** JSON bodies are read whole (policy documents and the like): this is their cap. */
const MAX_JSON_BODY = 2 * 1024 * 1024;

interface RestJsonRouted extends Routed {
  service: RestJsonService;
  model: RestServiceModel;
  opModel: RestOperationModel;
  labels: Record<string, string>;
  query: URLSearchParams;
  headers: Exchange['headers'];
  body: { touched: boolean; bytes: Buffer };
}

/** The services whose models mark some operation unsigned (computed once: most have none). */
let withUnsigned: RestJsonService[] | undefined;

/** The unsigned operations of each service, matched by method and path only. */
function unsignedService(ex: Exchange): RestJsonService | undefined {
  withUnsigned ??= REST_JSON_SERVICES.filter((s) => Object.values(loadRestModel(s.model).operations).some((op) => op.unsigned === true));
  if (withUnsigned.length === 0 || header(ex, 'authorization') !== undefined) return undefined;
  const query = new URLSearchParams(ex.rawQuery);
  const h = (name: string) => header(ex, name);
  return withUnsigned.find(
    (s) => (s.claimsUnsigned === undefined || s.claimsUnsigned(h)) && findRoute(loadRestModel(s.model), ex.method, ex.rawPath, query, (op) => op.unsigned === true) !== undefined,
  );
}

/** The restJson1 service a request is for: its signature's scope, else an unsigned operation it matches. */
export function restJsonServiceOf(ex: Exchange): RestJsonService | undefined {
  const scope = scopeService(ex);
  return scope !== undefined ? restJsonServiceBySigningName(scope) : unsignedService(ex);
}

export const isRestJsonRequest = (ex: Exchange): boolean => restJsonServiceOf(ex) !== undefined;

export const restJsonProtocol: ProtocolAdapter<RestJsonRouted> = {
  async route(_deps, req, _res, ex) {
    const service = restJsonServiceOf(ex)!;
    ex.service = service.service;
    ex.operation = 'unknown';
    const model = loadRestModel(service.model);
    const bytes = await readBody(req, MAX_JSON_BODY);
    const query = new URLSearchParams(ex.rawQuery);
    const signed = scopeService(ex) !== undefined;
    const found = findRoute(model, ex.method, ex.rawPath, query, (op) => signed || op.unsigned === true);
    const op: AnyOperation | undefined = found && operations.get(service.service, found.op.name);
    // Log and metric labels only ever name operations that exist: a client cannot mint new series.
    if (!found || !op) throw unknownOperation();
    ex.operation = found.op.name;
    return { op, service, model, opModel: found.op, labels: found.labels, query, headers: ex.headers, body: { touched: true, bytes } };
  },

  async authenticate(deps, _req, ex, { op, body }, now) {
    if (op.authentication === 'unsigned') return { caller: anonymousCaller(), region: deps.config.region };
    const a = await authenticate(deps.credentials, signedRequest(ex, sha256Hex(body.bytes)), { dialect: 'query', now, realNow: deps.clock.real() });
    return { caller: a.caller, region: a.sigv4?.parsed.region ?? deps.config.region };
  },

  decode: ({ model, opModel, labels, query, headers, body }) =>
    decodeRestJson(model, opModel.input?.shape, { labels, query, header: (name) => getHeader(headers, name), body: body.bytes }),

  context: (_deps, base) => base,

  async encode(_req, res, ex, { model, opModel }, result) {
    const out = encodeRestJson(model, opModel, (result as Record<string, unknown> | undefined) ?? undefined);
    send(res, ex, out.status, 'application/json', out.body, out.headers);
  },

  encodeError: (e) => encodeRestJsonError(e),

  internalError: () => internalServerException(),
};

export const handleRestJson = (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> => runPipeline(restJsonProtocol, deps, req, res, ex);
