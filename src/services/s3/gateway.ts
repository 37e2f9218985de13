/**
 * Gateway mode (`--gateway` with an s3:// object store): Tessera in front of an S3 store people already run.
 * The backend's buckets are the buckets (a bucket created through Tessera is created on the backend under
 * the same name; `tessera admin adopt-bucket` brings an existing one under an account), object keys and
 * bytes are the backend's as they are, so data written before Tessera stays readable and data written
 * through Tessera is readable directly.
 *
 * Every request still takes the whole pipeline: route, authenticate (Tessera's users, roles, temporary
 * credentials), decode, prepare (the bucket: Tessera's row, its owner and policy), authorize (identity,
 * bucket and session policies, boundaries). Only `handle` differs, by operation:
 *  - FORWARDED_OPERATIONS: the request is sent on to the backend, re-signed with the backend's keys (the client's own
 *    signature, session token and presigning parameters are not sent), body and answer streamed; the
 *    backend's answer (listings, versions, its errors) is the client's;
 *  - OWN_OPERATIONS: what Tessera adds is Tessera's (the bucket list and ownership, bucket policies, Block
 *    Public Access, tags, CORS): answered from the database as without the gateway;
 *  - CreateBucket / DeleteBucket: the backend's bucket first, then Tessera's row;
 *  - DeleteObjects: each key decided by the operation's probes, the allowed ones deleted on the backend;
 *  - anything else (object ACLs, Object Lock, lifecycle, ...) is NotImplemented here, never
 *    answered from a database that does not hold the objects.
 */
import type { IncomingMessage } from 'node:http';
import { ServiceError } from '../../core/errors.js';
import { uriEncode } from '../../auth/sigv4/index.js';
import type { Deps } from '../../server/deps.js';
import type { S3ObjectStore } from '../../store/blobs/s3/objectStore.js';
import { readBody, S3BackendError, type S3Client } from '../../store/blobs/s3/client.js';
import { createHash } from 'node:crypto';
import { xmlDocument, type XmlChildren } from '../../protocol/restxml/encode.js';
import type { AnyOperation } from '../operation.js';
import { S3Errors } from './errors.js';
import type { S3OperationContext, S3Request, S3Result } from './operation.js';
import type { RequestBody } from './body.js';
import type { Store } from '../../store/store.js';
import { validateBucketName } from './names.js';
import { DEFAULT_OWNERSHIP } from './ownership.js';
import { DEFAULT_PUBLIC_ACCESS_BLOCK } from './publicAccess.js';
import { bucketTopic } from './resources.js';

const FORWARDED_OPERATIONS = new Set([
  'GetObject',
  'HeadObject',
  'PutObject',
  'CopyObject',
  'DeleteObject',
  'ListObjects',
  'ListObjectsV2',
  'ListObjectVersions',
  'CreateMultipartUpload',
  'UploadPart',
  'UploadPartCopy',
  'CompleteMultipartUpload',
  'AbortMultipartUpload',
  'ListParts',
  'ListMultipartUploads',
  'GetObjectTagging',
  'PutObjectTagging',
  'DeleteObjectTagging',
  'GetBucketVersioning',
  'PutBucketVersioning',
]);

const OWN_OPERATIONS = new Set([
  'ListBuckets',
  'HeadBucket',
  'GetBucketLocation',
  'GetBucketPolicy',
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'GetBucketPolicyStatus',
  'GetPublicAccessBlock',
  'PutPublicAccessBlock',
  'DeletePublicAccessBlock',
  'GetBucketOwnershipControls',
  'GetBucketTagging',
  'PutBucketTagging',
  'DeleteBucketTagging',
  'GetBucketCors',
  'PutBucketCors',
  'DeleteBucketCors',
  'PreflightCors',
]);

/** Request headers the backend gets: what describes the object or conditions the request. */
const PASSED_HEADERS = new Set([
  'content-type',
  'content-md5',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
  'range',
  'if-match',
  'if-none-match',
  'if-modified-since',
  'if-unmodified-since',
  'x-amz-copy-source',
  'x-amz-copy-source-range',
  'x-amz-copy-source-if-match',
  'x-amz-copy-source-if-none-match',
  'x-amz-copy-source-if-modified-since',
  'x-amz-copy-source-if-unmodified-since',
  'x-amz-metadata-directive',
  'x-amz-tagging',
  'x-amz-tagging-directive',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
]);

/** Query parameters of the client's own signature: never sent on. */
const AUTH_PARAMS = /^(x-amz-(algorithm|credential|date|expires|signedheaders|signature|security-token)|awsaccesskeyid|signature|expires)$/i;

/** Answer headers that belong to this connection or this server, not to the backend's answer. */
const DROPPED_ANSWER_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'server', 'x-amz-request-id', 'x-amz-id-2']);

/** Small answers without a length (chunked XML) are read whole, up to this. */
const MAX_UNSIZED_ANSWER = 16 * 1024 * 1024;

/** The backend client of gateway mode (app.ts refuses --gateway without an s3:// object store). */
export function gatewayBackend(deps: Deps): S3Client {
  const store = deps.blobs.store;
  if (store.kind !== 's3') throw new Error('gateway mode without an s3:// object store');
  return (store as S3ObjectStore).client;
}

const wrapped = new WeakMap<AnyOperation, AnyOperation>();

/** The operation as gateway mode runs it: the same decode, prepare and checks; its handle by the rules above. */
export function gatewayOperation(op: AnyOperation): AnyOperation {
  if (op.service !== 's3') return op;
  let w = wrapped.get(op);
  if (w) return w;
  w = wrap(op);
  wrapped.set(op, w);
  return w;
}

function wrap(op: AnyOperation): AnyOperation {
  if (OWN_OPERATIONS.has(op.name)) return op;
  if (FORWARDED_OPERATIONS.has(op.name)) {
    // GetObject/HeadObject of a missing key: as on S3, only a caller allowed s3:ListBucket learns it is missing.
    const hidesMissing = op.name === 'GetObject' || op.name === 'HeadObject';
    return { ...op, decode: keepingBody(op), handle: (_input: unknown, ctx: S3OperationContext) => forward(ctx, hidesMissing && !ctx.allowed('list')) };
  }
  if (op.name === 'DeleteObjects') {
    return {
      ...op,
      decode: (req: unknown) => op.decode!(withBackendVersionIds(req as S3Request)),
      handle: (input: DeleteObjectsInput, ctx: S3OperationContext) => deleteObjects(input, ctx),
    };
  }
  if (op.name === 'CreateBucket') {
    return {
      ...op,
      handle: async (input: { bucket: string }, ctx: S3OperationContext, prepared: unknown) => {
        if (ctx.caller.type === 'anonymous') throw S3Errors.invalidRequest('Anonymous requests cannot create buckets');
        // Tessera's row decides who owns the name; an existing backend bucket is brought in by adopt-bucket.
        const existing = await ctx.deps.store.repos.buckets.get(input.bucket);
        if (existing) return op.handle(input, ctx, prepared);
        const backend = gatewayBackend(ctx.deps);
        // Some backends answer 200 to re-creating a bucket of their own: ask first.
        const head = await backendCall(() => backend.send({ method: 'HEAD', path: `/${uriEncode(input.bucket)}`, accept: [403, 404] }));
        head.resume();
        const made = head.statusCode === 404 ? await backendCall(() => backend.createBucket(input.bucket)) : 'exists';
        if (made === 'exists') {
          throw new ServiceError('BucketAlreadyExists', 'The requested bucket name is not available. The bucket exists on the object store; an administrator can adopt it (tessera admin adopt-bucket).', 409, { extra: { BucketName: input.bucket } });
        }
        return op.handle(input, ctx, prepared);
      },
    };
  }
  if (op.name === 'DeleteBucket') {
    return {
      ...op,
      handle: async (input: { bucket: string }, ctx: S3OperationContext, prepared: unknown) => {
        const res = await backendCall(() => gatewayBackend(ctx.deps).send({ method: 'DELETE', path: `/${uriEncode(input.bucket)}`, accept: [404] }));
        const text = (await readBody(res, 64 * 1024)).toString('utf8');
        if (res.statusCode === 404 && !/NoSuchBucket/.test(text)) throw new S3BackendError(404, 'NotFound', text);
        return op.handle(input, ctx, prepared);
      },
    };
  }
  return {
    ...op,
    handle: async () => {
      throw S3Errors.notImplemented(`${op.name} is not available in gateway mode: the objects are the object store's`);
    },
  };
}

/** What a forwarded request's decode read whole (an XML document), to send on as it came. */
const readBodies = new WeakMap<RequestBody, Buffer>();

function keepingBody(op: AnyOperation): (req: unknown) => unknown {
  return (request: unknown) => {
    const req = request as S3Request;
    const body = req.body;
    const readAll = body.readAll.bind(body);
    body.readAll = async (limit, opts) => {
      const bytes = await readAll(limit, opts);
      readBodies.set(body, bytes);
      return bytes;
    };
    return op.decode!(withBackendVersionIds(req));
  };
}

/**
 * The backend names its versions: its ids pass through as they are (forward sends the request's own query
 * and headers), and the operation's decode accepts the backend's form (parseVersionId), so its checks
 * declare the version's permission (s3:GetObjectVersion, s3:DeleteObjectVersion, ...) with the id itself as
 * s3:versionid. The same holds for a copy source's version and DeleteObjects' entries.
 */
const withBackendVersionIds = (req: S3Request): S3Request => ({ ...req, backendVersionIds: true });

/** A backend failure to reach it is the client's 503; its S3 errors pass through `forward` as answers. */
async function backendCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof S3BackendError) {
      if (e.status === 0) throw new ServiceError('ServiceUnavailable', 'The object store did not answer.', 503);
      throw new ServiceError(e.code, e.message.replace(/^object store: \d+ [^:]*: /, ''), e.status);
    }
    throw e;
  }
}

/**
 * Yields each chunk only once the next has arrived or the source ended cleanly: a body whose digest or
 * signature fails at its end never reaches the backend whole, so the backend never commits it.
 */
async function* holdingLast(source: AsyncIterable<Buffer>, onError: (e: unknown) => void): AsyncGenerator<Buffer> {
  let held: Buffer | undefined;
  try {
    for await (const c of source) {
      if (held) yield held;
      held = c;
    }
  } catch (e) {
    onError(e);
    throw e;
  }
  if (held) yield held;
}

const ALL_ANSWERS = Array.from({ length: 300 }, (_, i) => 300 + i);

/** Sends the request on to the backend, re-signed, and answers what the backend answered. */
async function forward(ctx: S3OperationContext, hideMissing = false): Promise<S3Result> {
  const req = ctx.request;
  const client = gatewayBackend(ctx.deps);
  const path = req.key ? `/${uriEncode(req.bucket)}/${uriEncode(req.key, true)}` : `/${uriEncode(req.bucket)}`;
  const query = [...req.query.entries()]
    .filter(([k]) => !AUTH_PARAMS.test(k))
    .map(([k, v]) => `${uriEncode(k)}=${uriEncode(v)}`)
    .join('&');
  const headers: Record<string, string> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    if (PASSED_HEADERS.has(name) || name.startsWith('x-amz-meta-')) headers[name] = req.rawHeaders[i + 1]!;
  }
  // The object's own Content-Encoding (gzip, ...) goes on; aws-chunked is this hop's framing, decoded here.
  const encoding = (req.header('content-encoding') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && e.toLowerCase() !== 'aws-chunked')
    .join(', ');
  if (encoding) headers['content-encoding'] = encoding;
  const body = req.body;
  let bodyError: unknown;
  let sent: Buffer | { stream: AsyncIterable<Buffer>; length: number } | undefined;
  const whole = readBodies.get(body);
  if (whole) sent = whole;
  else if (!body.touched && (req.method === 'PUT' || req.method === 'POST')) {
    const length = body.declaredLength();
    if (length === undefined) throw new ServiceError('MissingContentLength', 'You must provide the Content-Length HTTP header.', 411);
    if (length > 0) sent = { stream: holdingLast(body.chunks(), (e) => (bodyError = e)), length };
  }
  try {
    const res = await backendCall(() => client.send({ method: req.method, path, query, headers, ...(sent ? { body: sent } : {}), accept: ALL_ANSWERS }));
    if (hideMissing && res.statusCode === 404) {
      res.resume();
      throw S3Errors.noSuchKeyOrDenied();
    }
    return await answerOf(req.method, res);
  } catch (e) {
    // The upload was cut because the client's body failed its checks: that is the client's answer.
    throw bodyError ?? e;
  }
}

interface DeleteObjectsInput {
  bucket: string;
  entries: Array<{ id: string; key: string; versionId: string | undefined }>;
  quiet: boolean;
}

const escapeXml = (t: string) => t.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

/**
 * DeleteObjects: each entry was decided by the operation's own probes (s3:DeleteObject or
 * s3:DeleteObjectVersion per key); the allowed ones go to the backend in one request, the refused ones are
 * AccessDenied entries added to the backend's result, as S3 reports them.
 */
async function deleteObjects(input: DeleteObjectsInput, ctx: S3OperationContext): Promise<S3Result> {
  const allowed = input.entries.filter((e) => ctx.allowed(`delete:${e.id}`));
  const denied = input.entries.filter((e) => !ctx.allowed(`delete:${e.id}`));
  let xml = xmlDocument('DeleteResult', []);
  if (allowed.length > 0) {
    const objects: XmlChildren = allowed.map((e) => ['Object', [['Key', e.key], ...(e.versionId !== undefined ? ([['VersionId', e.versionId]] as XmlChildren) : [])]]);
    const body = Buffer.from(xmlDocument('Delete', [...objects, ['Quiet', input.quiet]]), 'utf8');
    const headers = { 'content-md5': createHash('md5').update(body).digest('base64'), 'content-type': 'application/xml' };
    const res = await backendCall(() => gatewayBackend(ctx.deps).send({ method: 'POST', path: `/${uriEncode(input.bucket)}`, query: 'delete=', headers, body, accept: ALL_ANSWERS }));
    if (res.statusCode !== 200) return answerOf('POST', res);
    xml = (await readBody(res)).toString('utf8');
  }
  const errors = denied
    .map((e) => `<Error><Key>${escapeXml(e.key)}</Key>${e.versionId !== undefined ? `<VersionId>${escapeXml(e.versionId)}</VersionId>` : ''}<Code>AccessDenied</Code><Message>Access Denied</Message></Error>`)
    .join('');
  if (errors) {
    xml = /<DeleteResult([^>]*)\/>/.test(xml) ? xml.replace(/<DeleteResult([^>]*)\/>/, `<DeleteResult$1>${errors}</DeleteResult>`) : xml.replace(/<\/DeleteResult>\s*$/, `${errors}</DeleteResult>`);
  }
  return { xml };
}

async function answerOf(method: string, res: IncomingMessage): Promise<S3Result> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(res.headers)) {
    if (v === undefined || DROPPED_ANSWER_HEADERS.has(k)) continue;
    headers[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  const status = res.statusCode ?? 502;
  const declared = res.headers['content-length'];
  if (method === 'HEAD' || status === 304 || status === 204) {
    res.resume();
    return { status, headers, stream: { length: method === 'HEAD' && declared !== undefined ? Number(declared) : 0, open: () => res, dispose: () => res.resume() } };
  }
  if (declared !== undefined && /^\d+$/.test(declared)) {
    return { status, headers, stream: { length: Number(declared), open: () => res, dispose: () => res.resume() } };
  }
  const bytes = await readBody(res, MAX_UNSIZED_ANSWER);
  return { status, headers, bytes };
}

/**
 * `tessera admin adopt-bucket NAME --account ID`: brings a bucket that exists on the object store's backend
 * (with whatever objects it holds) under an account's ownership, as CreateBucket would have made it: the
 * owner's, no policy, Block Public Access on, ACLs disabled (BucketOwnerEnforced). Nothing on the backend
 * changes. Refused when the account does not exist, the backend has no such bucket, or Tessera already has
 * a bucket of that name.
 */
export async function adoptBucket(store: Store, backend: S3Client, o: { name: string; accountId: string; region: string; now: number }): Promise<void> {
  try {
    validateBucketName(o.name);
  } catch {
    throw new Error(`not a valid bucket name: ${o.name}`);
  }
  if (!(await store.repos.accounts.get(o.accountId))) throw new Error(`no account ${o.accountId}`);
  const head = await backend.send({ method: 'HEAD', path: `/${uriEncode(o.name)}`, accept: [404] });
  head.resume();
  if (head.statusCode === 404) throw new Error(`the object store has no bucket ${o.name}`);
  const inserted = await store.repos.buckets.insert({
    name: o.name,
    account_id: o.accountId,
    region: o.region,
    created_at: o.now,
    policy: null,
    object_ownership: DEFAULT_OWNERSHIP,
    public_access_block: JSON.stringify(DEFAULT_PUBLIC_ACCESS_BLOCK),
    acl: null,
  });
  if (!inserted) throw new Error(`Tessera already has a bucket ${o.name}`);
  await store.publish(bucketTopic(o.name));
}
