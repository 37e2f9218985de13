/**
 * REST-XML's adapter (S3) to the one pipeline (run.ts). Route: the bucket (path or virtual host) and key,
 * and the route table the operations declare (method × target × sub-resource). Authenticate: SigV4 header,
 * presigned query or aws-chunked streaming, SigV2, or anonymous; S3's request-level condition keys
 * (s3:authType, s3:signatureversion, s3:signatureAge, s3:x-amz-content-sha256). Decode: the operation's own
 * decode over the request and its verified, streamed body. Encode: a status, headers, and an XML document
 * or a byte stream; errors as S3's <Error> document.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { authenticate, type Authenticated } from '../../auth/authenticate.js';
import { anonymousCaller } from '../../auth/caller.js';
import { classifyContentSha256, parseAmzDate } from '../../auth/sigv4/index.js';
import type { RequestContextValues } from '../../authz/context.js';
import { Errors, isServiceError, ServiceError } from '../../core/errors.js';
import { encodeS3Error } from '../../protocol/restxml/errors.js';
import { virtualHostBucket } from '../../protocol/restxml/host.js';
import type { PlainRun } from '../../store/blobs/sealed.js';
import { isDiskFull, serviceUnavailable } from '../../store/blobs/space.js';
import { backendBusyOrFull, S3BackendError } from '../../store/blobs/s3/client.js';
import { RequestBody, type BodyPlan } from '../../services/s3/body.js';
import { actualRequestCorsHeaders } from '../../services/s3/corsRequest.js';
import { S3Errors } from '../../services/s3/errors.js';
import { authenticatePost } from '../../services/s3/postAuth.js';
import { gatewayOperation } from '../../services/s3/gateway.js';
import type { S3OperationContext, S3Request, S3Result } from '../../services/s3/operation.js';
import { refuseCustomerKeyOverHttp } from '../../services/s3/sse.js';
import type { AnyOperation } from '../../services/operation.js';
import { operations } from '../../services/registry.js';
import type { Deps } from '../deps.js';
import { header, signedRequest, type Exchange } from '../exchange.js';
import { currentHttpDate, send } from '../respond.js';
import { runPipeline, settleUnreadBody, type ProtocolAdapter, type Routed } from './run.js';

interface RestRouted extends Routed {
  op: AnyOperation;
  request: S3Request;
  /** The request's body; created once the signature tells how to read it. */
  body: RequestBody | { touched: false };
  vh: string | undefined;
}

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

export const restXmlProtocol: ProtocolAdapter<RestRouted> = {
  async route(deps, req, res, ex) {
    ex.service = 's3';
    const vh = virtualHostBucket(header(ex, 'host'));
    const { bucket, key } = splitPath(ex.rawPath, vh);
    const query = new URLSearchParams(ex.rawQuery);
    const hdr = (name: string) => header(ex, name);
    // A cross-origin request's CORS headers go on its answer, errors included (services/s3/corsRequest.ts).
    const origin = hdr('origin');
    if (origin !== undefined) {
      const cors = await actualRequestCorsHeaders(deps.store, deps.consoleSite, bucket, origin, ex.method);
      for (const [k, v] of Object.entries(cors ?? {})) res.setHeader(k, v);
    }
    const name = operations.routes.match({ method: ex.method, bucket, key, query, header: hdr });
    ex.operation = name;
    // Gateway mode: the same operation, handled by forwarding to the object store's backend (services/s3/gateway.ts).
    const op = deps.config.gateway ? gatewayOperation(operations.get('s3', name)!) : operations.get('s3', name)!;
    const body = { touched: false as const };
    const request: S3Request = { method: ex.method, bucket: bucket ?? '', key: key ?? '', query, header: hdr, rawHeaders: req.rawHeaders, body: body as unknown as RequestBody, virtualHost: vh !== undefined };
    return { op, request, body, vh };
  },

  async authenticate(deps, req, ex, routed, now) {
    if (routed.op.authentication === 'unsigned') {
      // A CORS preflight: no credentials, no body read.
      routed.body = routed.request.body = new RequestBody(req, routed.request.header, {});
      return { caller: anonymousCaller(), region: deps.config.region };
    }
    if (routed.op.authentication === 'post-form') {
      // A browser-form upload: the credentials are fields of the form (services/s3/postAuth.ts).
      routed.body = { touched: true } as never;
      const { caller, region, form } = await authenticatePost(deps.credentials, req, routed.request.bucket, header(ex, 'content-type'), now);
      routed.request.form = form;
      routed.body = routed.request.body = form.file as unknown as RequestBody;
      const requestKeys: RequestContextValues = caller.type === 'anonymous' ? {} : { 's3:authType': 'POST', 's3:signatureversion': 'AWS4-HMAC-SHA256' };
      return { caller, region: region ?? deps.config.region, requestKeys };
    }
    const sha = header(ex, 'x-amz-content-sha256');
    let a: Authenticated;
    try {
      a = await authenticate(deps.credentials, signedRequest(ex, sha ?? 'UNSIGNED-PAYLOAD'), { dialect: 's3', now, realNow: deps.clock.real(), virtualHostBucket: routed.vh });
    } catch (e) {
      throw invalidTokenFor(e, ex);
    }
    if (a.method === 'sigv4-header' && sha === undefined) {
      throw S3Errors.invalidRequest('Missing required header for this request: x-amz-content-sha256');
    }
    refuseCustomerKeyOverHttp(routed.request, ex.secure);
    const body = new RequestBody(req, routed.request.header, bodyPlan(a, sha));
    routed.body = body;
    routed.request.body = body;
    return { caller: a.caller, region: a.sigv4?.parsed.region ?? deps.config.region, requestKeys: s3RequestKeys(a, ex, now) };
  },

  decode: ({ op, request }) => op.decode!(request),

  context(deps, base, { request }): S3OperationContext {
    return Object.assign(base, { blobs: deps.blobs, space: deps.space, request });
  },

  async encode(req, res, ex, routed, result) {
    const body = routed.body as RequestBody;
    if (!body.touched && !req.complete) settleUnreadBody(req, res, body.declaredLength() ?? (req.headers['transfer-encoding'] ? Infinity : 0), false);
    await writeResult(res, ex, result as S3Result);
  },

  encodeError(e, ex) {
    const hostId = Buffer.from(ex.requestId).toString('base64');
    return { contentType: 'application/xml', body: encodeS3Error(e, ex.requestId, hostId), headers: { 'x-amz-id-2': hostId, 'X-Content-Type-Options': 'nosniff', ...(e.headers ?? {}) } };
  },

  internalError: () => new ServiceError('InternalError', Errors.internal().message, 500),

  /**
   * A failure on a full data directory is S3's 503 ServiceUnavailable, not a 500 (nothing was committed). So
   * is an object-store backend that is full or asks to slow down; any other backend failure is a 500
   * InternalError. Either way the backend's own message stays in the log.
   */
  async classifyError(deps, ex, err) {
    if (err instanceof S3BackendError) {
      deps.logger.error(ex.requestId, err);
      return backendBusyOrFull(err) ? serviceUnavailable() : new ServiceError('InternalError', Errors.internal().message, 500);
    }
    if (isServiceError(err) || !(isDiskFull(err) || (await deps.space.isFull()))) return err;
    deps.logger.error(ex.requestId, err);
    return serviceUnavailable();
  },
};

/** Bodies up to this size are written with their header block in one write (writeResult). */
const ONE_WRITE = 16 * 1024;

/**
 * Every S3 answer carries X-Content-Type-Options: nosniff, errors included (encodeError): no browser may sniff an
 * object (or an error) into HTML or script. It goes in each answer's own headers rather than through
 * res.setHeader at the start: a response with no header set beforehand takes Node's writeHead without a
 * setHeader per header (what a GET of a small object pays).
 */
async function writeResult(res: ServerResponse, ex: Exchange, r: S3Result) {
  const status = r.status ?? 200;
  if (r.bytes) {
    res.writeHead(status, objectHeaders(ex, r.headers, r.bytes.length));
    if (ex.method === 'HEAD') res.end();
    // A small body as a latin1 string (one byte a character: the same bytes): Node joins it to the header
    // block and writes one chunk, where a Buffer is a second chunk of the corked writev.
    else if (r.bytes.length <= ONE_WRITE) res.end(r.bytes.toString('latin1'), 'latin1');
    else res.end(r.bytes);
    return;
  }
  if (r.stream) {
    res.writeHead(status, objectHeaders(ex, r.headers, r.stream.length));
    if (ex.method === 'HEAD' || r.stream.length === 0) {
      r.stream.dispose?.();
      res.end();
      return;
    }
    if (r.stream.batches) await writeBatches(res, r.stream.batches());
    else await pipeline(r.stream.open(), res).catch(() => res.destroy());
    return;
  }
  if (r.xml !== undefined) {
    send(res, ex, status, 'application/xml', r.xml, definedHeaders({ 'X-Content-Type-Options': 'nosniff' }, r.headers));
    return;
  }
  if (r.body !== undefined) {
    send(res, ex, status, r.contentType ?? 'application/octet-stream', r.body, definedHeaders({ 'X-Content-Type-Options': 'nosniff' }, r.headers));
    return;
  }
  res.writeHead(status, definedHeaders({ 'X-Content-Type-Options': 'nosniff', 'x-amz-request-id': ex.requestId, Date: currentHttpDate(), 'Content-Length': '0' }, r.headers));
  res.end();
}

/**
 * Writes a body given as runs of buffers: each run is corked and handed to the socket in one writev, and
 * released once the socket has taken it (the write's callback: the kernel holds the bytes), so the source
 * can read a later run into its memory; the next run is fetched while the socket drains (a pipe writes
 * buffer by buffer instead, and pauses after each one the socket does not take at once). A failure of the
 * source (a sealed segment that does not verify) cuts the response off, as pipeline does; when the client
 * goes away the source is stopped (its return() closes its files), and a run not written is never released.
 */
async function writeBatches(res: ServerResponse, runs: AsyncIterable<PlainRun>) {
  const it = runs[Symbol.asyncIterator]();
  const settled = (event: 'drain' | 'finish') =>
    new Promise<void>((resolve) => {
      const done = () => {
        res.off(event, done);
        res.off('close', done);
        resolve();
      };
      res.on(event, done);
      res.on('close', done);
    });
  let gone = false;
  res.once('close', () => (gone = true));
  try {
    let pending = it.next();
    for (;;) {
      const { done, value } = await pending;
      if (done) break;
      if (gone || res.destroyed) return;
      const { pieces, release } = value;
      res.cork();
      let more = true;
      pieces.forEach((b, n) => {
        more = n < pieces.length - 1 ? res.write(b) : res.write(b, (err) => err || release());
      });
      res.uncork();
      // The next run is read (and opened) while the socket drains; its failure is seen when it is awaited.
      pending = it.next();
      pending.catch(() => undefined);
      if (!more) await settled('drain');
      if (gone || res.destroyed) return;
    }
    const finished = settled('finish');
    res.end();
    await finished;
  } catch {
    res.destroy();
  } finally {
    await it.return?.()?.catch(() => undefined);
  }
}

/** `out` with the result's headers that have a value added (a later one wins, in its first place). */
function definedHeaders(out: Record<string, string>, headers: S3Result['headers']): Record<string, string> {
  if (headers) {
    for (const k of Object.keys(headers)) {
      const v = headers[k];
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}

/**
 * An object's response headers. Content-Length last: Node re-encodes a Content-Disposition that follows a
 * Content-Length (node PR 46528) and so mangles (or refuses) its ISO-8859-1 characters, which S3 passes
 * through as they are.
 */
function objectHeaders(ex: Exchange, headers: S3Result['headers'], length: number): Record<string, string> {
  const out = definedHeaders({ 'X-Content-Type-Options': 'nosniff', 'x-amz-request-id': ex.requestId, 'x-amz-id-2': Buffer.from(ex.requestId).toString('base64'), Date: currentHttpDate() }, headers);
  out['Content-Length'] = String(length);
  return out;
}

export const handleS3 = (deps: Deps, req: IncomingMessage, res: ServerResponse, ex: Exchange): Promise<void> => runPipeline(restXmlProtocol, deps, req, res, ex);
