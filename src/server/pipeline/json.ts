/**
 * The awsJson1_1 protocol's adapter (CloudTrail; the services of protocol/json/services.ts) to the one
 * pipeline (run.ts). Route: `X-Amz-Target: <the model's targetPrefix>.<Operation>` names the operation (the
 * SigV4 scope, when there is one, must be the same service). Authenticate: SigV4 over the body's hash.
 * Decode: the JSON body through AWS's service model (protocol/json/codec.ts). Encode: the model's output
 * shape as JSON; errors as AWS's JSON error document `{"__type": code, "message": ...}` with
 * `x-amzn-ErrorType`, in the content type the request used (application/x-amz-json-1.1 or 1.0).
 *
 * The query protocol's names for signature and permission errors are not the JSON services': they are
 * renamed here (InvalidClientTokenId → UnrecognizedClientException, SignatureDoesNotMatch →
 * InvalidSignatureException, AccessDenied → AccessDeniedException, ...), as AWS's JSON services answer them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../../auth/authenticate.js';
import { sha256Hex } from '../../auth/sigv4/index.js';
import { Errors, ServiceError } from '../../core/errors.js';
import { decodeJsonInput, encodeJsonError, encodeJsonOutput } from '../../protocol/json/codec.js';
import { JSON_SERVICES, jsonServiceBySigningName, type JsonService } from '../../protocol/json/services.js';
import { loadModel, type OperationModel, type ServiceModel } from '../../protocol/query/model.js';
import { operations } from '../../services/registry.js';
import type { Deps } from '../deps.js';
import { header, scopeService, signedRequest, type Exchange } from '../exchange.js';
import { send } from '../respond.js';
import { readBody } from './body.js';
import { runPipeline, type ProtocolAdapter, type Routed } from './run.js';

/** AWS's JSON services take request bodies of a few MB at most. */
const MAX_JSON_BODY = 2 * 1024 * 1024;

interface JsonRouted extends Routed {
  service: JsonService;
  model: ServiceModel;
  opModel: OperationModel;
  bytes: Buffer;
  body: { touched: boolean };
}

/** X-Amz-Target prefix → service, from the models. */
let prefixes: Map<string, JsonService> | undefined;
function servicesByPrefix(): Map<string, JsonService> {
  if (!prefixes) {
    prefixes = new Map();
    for (const [name, s] of Object.entries(JSON_SERVICES)) {
      const prefix = loadModel(s.model).metadata.targetPrefix;
      if (prefix) prefixes.set(prefix, name as JsonService);
    }
  }
  return prefixes;
}

function targetOf(ex: Exchange): { service: JsonService; operation: string } | undefined {
  const target = header(ex, 'x-amz-target');
  if (target === undefined) return undefined;
  const dot = target.lastIndexOf('.');
  const service = dot > 0 ? servicesByPrefix().get(target.slice(0, dot)) : undefined;
  return service ? { service, operation: target.slice(dot + 1) } : undefined;
}

/** A request this adapter takes: an X-Amz-Target of a served JSON service, or a signature scoped to one. */
export function isJsonRequest(ex: Exchange): boolean {
  if (ex.rawPath !== '/') return false;
  const scope = scopeService(ex);
  if (scope !== undefined) return jsonServiceBySigningName(scope) !== undefined && header(ex, 'x-amz-target') !== undefined;
  return targetOf(ex) !== undefined;
}

/** The query protocol's names for the errors every protocol shares, as AWS's JSON services name them. */
const JSON_NAMES: Record<string, string> = {
  InvalidClientTokenId: 'UnrecognizedClientException',
  SignatureDoesNotMatch: 'InvalidSignatureException',
  AccessDenied: 'AccessDeniedException',
  MissingAuthenticationToken: 'MissingAuthenticationTokenException',
  IncompleteSignature: 'IncompleteSignatureException',
  ExpiredToken: 'ExpiredTokenException',
  Throttling: 'ThrottlingException',
  ValidationError: 'ValidationException',
};

const contentTypeOf = (ex: Exchange): string =>
  /^application\/x-amz-json-1\.[01]/i.exec(header(ex, 'content-type') ?? '')?.[0].toLowerCase() ?? 'application/x-amz-json-1.1';

export const jsonProtocol: ProtocolAdapter<JsonRouted> = {
  async route(_deps, req, _res, ex) {
    const scope = jsonServiceBySigningName(scopeService(ex));
    ex.service = scope ?? 'cloudtrail';
    ex.operation = 'unknown';
    const t = targetOf(ex);
    const bytes = await readBody(req, MAX_JSON_BODY);
    if (!t || (scope !== undefined && scope !== t.service)) {
      throw new ServiceError('UnknownOperationException', '', 400);
    }
    ex.service = t.service;
    const model = loadModel(JSON_SERVICES[t.service].model);
    const opModel = Object.hasOwn(model.operations, t.operation) ? model.operations[t.operation] : undefined;
    const op = operations.get(t.service, t.operation);
    if (!opModel) throw new ServiceError('UnknownOperationException', '', 400);
    // Log and metric labels only name operations of the model: a client cannot mint new series.
    ex.operation = t.operation;
    if (!op) throw new ServiceError('UnsupportedOperationException', `${t.operation} is not supported by this endpoint.`, 400);
    return { op, service: t.service, model, opModel, bytes, body: { touched: true } };
  },

  async authenticate(deps, _req, ex, { bytes }, now) {
    const a = await authenticate(deps.credentials, signedRequest(ex, sha256Hex(bytes)), { dialect: 'query', now, realNow: deps.clock.real() });
    return { caller: a.caller, region: a.sigv4?.parsed.region ?? deps.config.region };
  },

  decode({ model, opModel, bytes }) {
    let body: unknown = {};
    if (bytes.length > 0) {
      try {
        body = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new ServiceError('SerializationException', 'The request body is not valid JSON.', 400);
      }
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ServiceError('SerializationException', 'The request body must be a JSON object.', 400);
    return decodeJsonInput(model, opModel.input?.shape, body);
  },

  context: (_deps, base) => base,

  async encode(_req, res, ex, { model, opModel }, result) {
    send(res, ex, 200, contentTypeOf(ex), encodeJsonOutput(model, opModel.output?.shape, result));
  },

  encodeError(e, ex) {
    const code = JSON_NAMES[e.code] ?? e.code;
    return {
      contentType: contentTypeOf(ex),
      body: encodeJsonError(code, e.message),
      headers: { ...(e.headers ?? {}), 'x-amzn-ErrorType': code },
    };
  },

  internalError: () => new ServiceError('InternalFailure', Errors.internal().message, 500),
};

export const handleJson = (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> => runPipeline(jsonProtocol, deps, req, res, ex);
