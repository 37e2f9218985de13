/**
 * S3's pipeline (REST-XML), the same stages as the query pipeline (server/pipeline/query.ts):
 * route (method × path × sub-resource) → authenticate (SigV4 header / presigned / aws-chunked, SigV2,
 * anonymous) → decode → request context (global keys from authz/context.ts plus S3's request-level keys,
 * here and only here) → authorize (the operation's declared checks and probes) → handle → encode.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { authenticate, type Authenticated } from '../../auth/authenticate.js';
import { classifyContentSha256, parseAmzDate } from '../../auth/sigv4/index.js';
import { buildRequestContext, type RequestContextValues } from '../../authz/context.js';
import { Errors, isServiceError, ServiceError } from '../../core/errors.js';
import { encodeS3Error } from '../../protocol/restxml/errors.js';
import type { Deps } from '../../server/deps.js';
import { header, signedRequest, type Exchange } from '../../server/exchange.js';
import { closeAfterAnswer } from '../../server/lingeringClose.js';
import { send } from '../../server/respond.js';
import { RequestBody, type BodyPlan } from './body.js';
import { S3Errors } from './errors.js';
import { virtualHostBucket } from './host.js';
import type { S3OperationContext, S3Request, S3Result } from './operation.js';
import { s3Operations } from './operations/index.js';
import { routeS3 } from './routes.js';
import { refuseCustomerKeyOverHttp } from './sse.js';
import { s3Runtime } from './wire.js';
import { isDiskFull, serviceUnavailable } from './blobs/space.js';

/** Bodies larger than this are not drained after an early error: the connection is closed instead. */
const DRAIN_LIMIT = 1 << 20;

function splitPath(rawPath: string, vhBucket: string | undefined): { bucket: string | undefined; key: string | undefined } {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    throw new ServiceError('InvalidURI', "Couldn't parse the specified URI.", 400);
  }
  if (!decoded.startsWith('/')) throw new ServiceError('InvalidURI', "Couldn't parse the specified URI.", 400);
  const rest = decoded.slice(1);
  if (vhBucket !== undefined) return { bucket: vhBucket, key: rest === '' ? undefined : rest };
  if (rest === '') return { bucket: undefined, key: undefined };
  const slash = rest.indexOf('/');
  if (slash < 0) return { bucket: rest, key: undefined };
  const key = rest.slice(slash + 1);
  return { bucket: rest.slice(0, slash), key: key === '' ? undefined : key };
}

/** S3's request-level condition keys (s3:authType, s3:signatureversion, s3:signatureAge, s3:x-amz-content-sha256). */
function s3RequestKeys(a: Authenticated, ex: Exchange, now: number): RequestContextValues {
  const c: RequestContextValues = {};
  if (a.method !== 'anonymous') {
    c['s3:authType'] = a.method.endsWith('-query') ? 'REST-QUERY-STRING' : 'REST-HEADER';
    c['s3:signatureversion'] = a.method.startsWith('sigv4') ? 'AWS4-HMAC-SHA256' : 'AWS';
  }
  if (a.sigv4) {
    const t = parseAmzDate(a.sigv4.parsed.amzDate);
    if (t !== undefined) c['s3:signatureAge'] = String(Math.max(0, now - t));
  }
  const sha = header(ex, 'x-amz-content-sha256');
  if (sha !== undefined) c['s3:x-amz-content-sha256'] = sha;
  return c;
}

/**
 * S3 names a bad session token InvalidToken: temporary credentials (ASIA...) refused while a token came with
 * them are the token's fault, not the key id's.
 */
function invalidTokenFor(e: unknown, ex: Exchange): unknown {
  if (!isServiceError(e) || e.code !== 'InvalidAccessKeyId') return e;
  const token = header(ex, 'x-amz-security-token') ?? (/(?:^|&)(?:X-Amz-Security-Token|x-amz-security-token)=/.test(ex.rawQuery) ? 'q' : undefined);
  const temporary = /(?:Credential=|AWSAccessKeyId=|X-Amz-Credential=|AWS )ASIA/.test((header(ex, 'authorization') ?? '') + '&' + ex.rawQuery);
  if (token === undefined || !temporary) return e;
  return new ServiceError('InvalidToken', 'The provided token is malformed or otherwise invalid.', 400);
}

function bodyPlan(a: Authenticated, sha: string | undefined): BodyPlan {
  if (sha === undefined) return {};
  const k = classifyContentSha256(sha);
  if (k.kind === 'sha256') return { sha256: k.hex };
  if (k.kind === 'unsigned') return {};
  if (k.mode !== 'unsigned-trailer') {
    if (!a.sigv4 || a.sigv4.parsed.kind !== 'header') throw S3Errors.invalidRequest('Streaming signed payloads need a SigV4 Authorization header');
    return {
      chunked: {
        mode: k.mode,
        signingKey: a.sigv4.signingKey,
        amzDate: a.sigv4.parsed.amzDate,
        scope: a.sigv4.scope,
        seedSignature: a.sigv4.parsed.signature,
      },
    };
  }
  return { chunked: { mode: 'unsigned-trailer' } };
}

export async function handleS3(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> {
  ex.service = 's3';
  // Every S3 answer, errors included: no browser may sniff an object (or an error) into HTML or script.
  res.setHeader('X-Content-Type-Options', 'nosniff');
  let body: RequestBody | undefined;
  try {
    // 1. Route.
    const vh = virtualHostBucket(header(ex, 'host'));
    const { bucket, key } = splitPath(ex.rawPath, vh);
    const query = new URLSearchParams(ex.rawQuery);
    const hdr = (name: string) => header(ex, name);
    const name = routeS3({ method: ex.method, bucket, key, query, header: hdr });
    ex.operation = name;
    const op = s3Operations.get(name);
    if (!op) throw S3Errors.notImplemented();

    // 2. Authenticate.
    const now = deps.clock.now();
    const sha = hdr('x-amz-content-sha256');
    let a: Authenticated;
    try {
      a = await authenticate(deps.credentials, signedRequest(ex, sha ?? 'UNSIGNED-PAYLOAD'), { dialect: 's3', now, virtualHostBucket: vh });
    } catch (e) {
      if (isServiceError(e)) deps.metrics.authFailure(e.code);
      throw invalidTokenFor(e, ex);
    }
    if (a.method === 'sigv4-header' && sha === undefined) {
      throw S3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
    }
    const caller = a.caller;
    if (caller.type !== 'anonymous') ex.caller = caller.arn;
    refuseCustomerKeyOverHttp({ header: hdr, query }, ex.secure);
    body = new RequestBody(req, hdr, bodyPlan(a, sha));

    // 3. Decode.
    const s3req: S3Request = { method: ex.method, bucket, key, query, header: hdr, rawHeaders: req.rawHeaders, body, virtualHost: vh !== undefined };
    const input = await op.decode(s3req);

    // 4. Request context.
    const region = a.sigv4?.parsed.region ?? deps.config.region;
    const context = {
      ...buildRequestContext(caller, { now, sourceIp: ex.sourceIp, secureTransport: ex.secure, region, userAgent: hdr('user-agent') }),
      ...s3RequestKeys(a, ex, now),
    };
    const probes = new Map<string, boolean>();
    const octx: S3OperationContext = {
      deps,
      caller,
      requestId: ex.requestId,
      context,
      now,
      sourceIp: ex.sourceIp,
      region,
      blobs: s3Runtime(deps).blobs,
      space: s3Runtime(deps).space,
      allowed: (p) => probes.get(p) ?? false,
      request: s3req,
    };

    // 5. Authorize.
    const plan = await op.authorize(input, octx);
    try {
      const outcome = await deps.authorizer.authorize(caller, plan.checks, context);
      ex.decision = plan.checks.length === 0 ? 'NotRequired' : outcome.decision;
    } catch (e) {
      ex.decision = 'Deny';
      throw e;
    }
    if (plan.probes) {
      const policies = await deps.authorizer.policiesFor(caller);
      for (const [p, check] of Object.entries(plan.probes)) probes.set(p, deps.authorizer.decide(caller, policies, check, context).effect === 'Allow');
    }

    // 6. Handle; 7. encode.
    const result = await op.handle(input, octx);
    if (!body.touched && !req.complete) await drainOrClose(req, res, body);
    await writeResult(res, ex, result);
  } catch (err) {
    sendError(deps, req, res, ex, await diskFullAsUnavailable(deps, ex, err), body);
  }
}

/** A failure on a full data directory is S3's 503 ServiceUnavailable, not a 500 (nothing was committed). */
async function diskFullAsUnavailable(deps: Deps, ex: Exchange, err: unknown): Promise<unknown> {
  if (isServiceError(err) || !(isDiskFull(err) || (await s3Runtime(deps).space.isFull()))) return err;
  deps.logger.error(ex.requestId, err);
  return serviceUnavailable();
}

async function drainOrClose(req: IncomingMessage, res: ServerResponse, body: RequestBody) {
  const len = body.declaredLength() ?? (req.headers['transfer-encoding'] ? Infinity : 0);
  if (len <= DRAIN_LIMIT) {
    req.resume();
    return;
  }
  closeAfterAnswer(req, res);
}

async function writeResult(res: ServerResponse, ex: Exchange, r: S3Result) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) if (v !== undefined) headers[k] = v;
  const status = r.status ?? 200;
  if (r.stream) {
    // Content-Length last: Node re-encodes a Content-Disposition that follows a Content-Length (node PR
    // 46528) and so mangles (or refuses) its ISO-8859-1 characters, which S3 passes through as they are.
    res.writeHead(status, {
      'x-amz-request-id': ex.requestId,
      'x-amz-id-2': Buffer.from(ex.requestId).toString('base64'),
      Date: new Date().toUTCString(),
      ...headers,
      'Content-Length': String(r.stream.length),
    });
    if (ex.method === 'HEAD' || r.stream.length === 0) {
      r.stream.dispose?.();
      res.end();
      return;
    }
    await pipeline(r.stream.open(), res).catch(() => res.destroy());
    return;
  }
  if (r.xml !== undefined) {
    send(res, ex, status, 'application/xml', r.xml, headers);
    return;
  }
  if (r.body !== undefined) {
    send(res, ex, status, r.contentType ?? 'application/octet-stream', r.body, headers);
    return;
  }
  res.writeHead(status, { 'x-amz-request-id': ex.requestId, Date: new Date().toUTCString(), 'Content-Length': '0', ...headers });
  res.end();
}

function sendError(deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange, err: unknown, body: RequestBody | undefined) {
  if (res.headersSent) {
    if (!isServiceError(err)) deps.logger.error(ex.requestId, err);
    res.destroy();
    return;
  }
  let e: ServiceError;
  if (isServiceError(err)) e = err;
  else {
    deps.logger.error(ex.requestId, err);
    e = new ServiceError('InternalError', Errors.internal().message, 500);
  }
  ex.error = e.code;
  const hostId = Buffer.from(ex.requestId).toString('base64');
  const headers: Record<string, string> = { 'x-amz-id-2': hostId, ...(e.headers ?? {}) };
  if (!req.complete) {
    const cl = req.headers['content-length'];
    const declared = cl !== undefined ? Number(cl) : req.headers['transfer-encoding'] ? Infinity : 0;
    if (body?.touched || !(declared <= DRAIN_LIMIT)) {
      // The rest of a large or half-read body is not read: answer and close the connection.
      closeAfterAnswer(req, res);
    } else req.resume();
  }
  if (e.status === 304) {
    res.writeHead(304, { 'x-amz-request-id': ex.requestId, Date: new Date().toUTCString(), ...headers });
    res.end();
    return;
  }
  send(res, ex, e.status, 'application/xml', encodeS3Error(e, ex.requestId, hostId), headers);
}
