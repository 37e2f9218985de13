/**
 * The adapter for services Tessera does not serve (EC2, DynamoDB, SQS, Lambda, ...) to the one pipeline
 * (run.ts). A client pointed at Tessera for everything (AWS_ENDPOINT_URL) sends them here; each must hear,
 * in its own service's protocol, that this endpoint does not serve that service — anything else it prints
 * as "An error occurred (Unknown)".
 *
 * Route: the service is the signature's scope, the JSON target (X-Amz-Target) or the query API version;
 * the protocol is what the request speaks (X-Amz-Target: awsJson; smithy-protocol: RPC v2 CBOR; an Action:
 * query, or EC2's), else the service's own (REST when it has one: protocol/awsServices.ts, from botocore).
 * Authenticate: SigV4 over the body's hash, as for IAM and STS: a bad signature is refused as one.
 * Handle: UnsupportedOperation, naming the service. Errors: protocol/foreignErrors.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../../auth/authenticate.js';
import { sha256Hex } from '../../auth/sigv4/index.js';
import { Errors, ServiceError } from '../../core/errors.js';
import { QUERY_VERSIONS, SIGNING_NAMES, TARGET_PREFIXES, type AwsProtocol } from '../../protocol/awsServices.js';
import { encodeForeignError } from '../../protocol/foreignErrors.js';
import type { AnyOperation } from '../../services/operation.js';
import type { Deps } from '../deps.js';
import { header, scopeService, signedRequest, type Exchange } from '../exchange.js';
import { hashBody, readBody } from './body.js';
import { runPipeline, type EncodedError, type ProtocolAdapter, type Routed } from './run.js';

/** What Tessera serves, as the refusal says it. */
export const SERVED = 'IAM, STS, S3, CloudTrail (LookupEvents and trails), Access Analyzer policy checks, IAM Identity Center (sign-in, portal, administration) and the console sign-in';

const SERVED_SCOPES = new Set(['iam', 'sts', 's3', 'access-analyzer', 'tessera']);
/** Query-protocol forms are read whole (their Action and Version are needed); other bodies only hashed. */
const MAX_FORM_BODY = 2 * 1024 * 1024;
const MAX_HASHED_BODY = 64 * 1024 * 1024;

interface Target {
  protocol: AwsProtocol;
  /** The service's name (EC2, DynamoDB), when the request names one Tessera knows. */
  name: string | undefined;
  /** The signature's scope, when it is a plausible service name (it goes into the message). */
  scope: string | undefined;
  /** awsJson's content type, as the request sent it. */
  jsonContentType: string;
}

interface UnservedRouted extends Routed {
  payloadHash: string;
  body: { touched: boolean };
}

/** Each exchange's target, found in route; errors of any later stage are rendered in its protocol. */
const targets = new WeakMap<Exchange, Target>();

/**
 * A request for a service Tessera does not serve: its signature is scoped to another service, or it names
 * one by an awsJson target, an RPC v2 CBOR header or (unsigned) a query API version. Requests scoped to
 * iam, sts or s3, and unsigned or SigV2 requests that name no other service, are not.
 */
export function isUnservedRequest(ex: Exchange): boolean {
  const scope = scopeService(ex);
  if (scope !== undefined) return !SERVED_SCOPES.has(scope);
  if (header(ex, 'x-amz-target') !== undefined || header(ex, 'smithy-protocol') !== undefined) return true;
  if (!/(?:^|&)Action=/.test(ex.rawQuery)) return false;
  const version = new URLSearchParams(ex.rawQuery).get('Version');
  return version !== null && Object.hasOwn(QUERY_VERSIONS, version);
}

const known = <T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

function findTarget(ex: Exchange, params: URLSearchParams): Target {
  const rawScope = scopeService(ex);
  const scope = rawScope !== undefined && /^[a-z0-9-]{1,64}$/i.test(rawScope) ? rawScope : undefined;
  const amzTarget = header(ex, 'x-amz-target');
  const cbor = header(ex, 'smithy-protocol') === 'rpc-v2-cbor';
  // awsJson: "DynamoDB_20120810.ListTables"; RPC v2 CBOR: /service/GraniteServiceVersion20100801/operation/X.
  const prefix = amzTarget !== undefined ? amzTarget.slice(0, Math.max(0, amzTarget.lastIndexOf('.'))) : cbor ? /^\/service\/([^/]+)\/operation\//.exec(ex.rawPath)?.[1] : undefined;
  const signing = known(SIGNING_NAMES, scope);
  const version = params.get('Version') ?? undefined;
  const name = known(TARGET_PREFIXES, prefix) ?? signing?.[0] ?? known(QUERY_VERSIONS, version);
  const contentType = header(ex, 'content-type') ?? '';
  let protocol: AwsProtocol;
  if (amzTarget !== undefined) protocol = 'json';
  else if (cbor) protocol = 'smithy-rpc-v2-cbor';
  else if (params.has('Action')) protocol = scope === 'ec2' || name === 'EC2' ? 'ec2' : 'query';
  else protocol = signing?.[1] ?? (/xml/i.test(contentType) ? 'rest-xml' : 'rest-json');
  const json = /^application\/x-amz-json-1\.[01]/i.exec(contentType)?.[0].toLowerCase();
  return { protocol, name, scope, jsonContentType: json ?? 'application/x-amz-json-1.1' };
}

/** UnsupportedOperation (400: the client's request is for the wrong endpoint; no SDK retries it). */
export function notServed(t: Pick<Target, 'name' | 'scope'>): ServiceError {
  const what = t.name !== undefined ? (t.scope !== undefined ? `${t.name} (${t.scope})` : t.name) : t.scope !== undefined ? `The service "${t.scope}"` : 'The service this request is for';
  return new ServiceError('UnsupportedOperation', `${what} is not served by this endpoint: Tessera serves ${SERVED} only.`, 400);
}

/**
 * Not an operation of any service: what the pipeline runs once the caller is authenticated (no checks, so
 * no permission is asked; the pipeline reads only `checks` and `handle`, and `service` is the contract's
 * required field, not in the registry).
 */
function refusal(t: Target): AnyOperation {
  return {
    service: 'sts',
    name: 'NotServed',
    checks: () => [],
    handle: () => Promise.reject(notServed(t)),
  };
}

/**
 * An unsigned query-protocol form whose Version (in the body, so the listener could not see it) names a
 * service Tessera does not serve: the query adapter hands it here. It carries no SigV4 signature (its scope
 * would have routed it), so authentication refuses it, in that service's protocol. Otherwise: nothing.
 */
export async function refuseUnsignedForeignQuery(deps: Deps, ex: Exchange, params: URLSearchParams, body: Buffer, now: number): Promise<void> {
  const version = params.get('Version');
  if (scopeService(ex) !== undefined || version === null || !Object.hasOwn(QUERY_VERSIONS, version)) return;
  const target = findTarget(ex, params);
  targets.set(ex, target);
  ex.service = 'unserved';
  ex.operation = 'unknown';
  await authenticate(deps.credentials, signedRequest(ex, sha256Hex(body)), { dialect: 'query', now, realNow: deps.clock.real() });
  throw notServed(target);
}

/** The error in the protocol of the service this exchange was found to be for, if it was. */
export function foreignErrorFor(e: ServiceError, ex: Exchange): EncodedError | undefined {
  const t = targets.get(ex);
  return t && encodeForeignError(t.protocol, e, ex.requestId, t.jsonContentType);
}

const isForm = (ex: Exchange) => (header(ex, 'content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');

export const unservedProtocol: ProtocolAdapter<UnservedRouted> = {
  async route(_deps, req, _res, ex) {
    const params = new URLSearchParams(ex.rawQuery);
    let target = findTarget(ex, params);
    targets.set(ex, target);
    // Log and metric labels: only names from the table, never one a client made up.
    ex.service = target.scope !== undefined && Object.hasOwn(SIGNING_NAMES, target.scope) ? target.scope : 'unserved';
    ex.operation = 'unknown';
    let payloadHash: string;
    if (isForm(ex)) {
      const bytes = await readBody(req, MAX_FORM_BODY);
      for (const [k, v] of new URLSearchParams(bytes.toString('utf8'))) params.append(k, v);
      payloadHash = sha256Hex(bytes);
      target = findTarget(ex, params);
      targets.set(ex, target);
    } else {
      payloadHash = await hashBody(req, MAX_HASHED_BODY);
    }
    return { op: refusal(target), payloadHash, body: { touched: true }, unaudited: true };
  },

  async authenticate(deps, _req, ex, { payloadHash }, now) {
    const a = await authenticate(deps.credentials, signedRequest(ex, payloadHash), { dialect: 'query', now, realNow: deps.clock.real() });
    return { caller: a.caller, region: a.sigv4?.parsed.region ?? deps.config.region };
  },

  decode: () => undefined,

  context: (_deps, base) => base,

  encode() {
    // The refusal's handle always throws: nothing is ever encoded.
    return Promise.reject(Errors.internal());
  },

  encodeError(e, ex) {
    const t = targets.get(ex) ?? findTarget(ex, new URLSearchParams(ex.rawQuery));
    return encodeForeignError(t.protocol, e, ex.requestId, t.jsonContentType);
  },

  internalError: () => Errors.internal(),
};

export const handleUnserved = (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> => runPipeline(unservedProtocol, deps, req, res, ex);
