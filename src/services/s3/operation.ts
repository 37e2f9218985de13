/**
 * S3's operations are declared with the one operation contract (services/operation.ts); this file gives
 * them their REST-XML types: the request their `decode` reads, the context their `prepare` and `handle`
 * receive (the blob store and the free-space guard besides the common context), and the result `handle`
 * returns for the REST-XML encoder (a status, headers, and an XML document or a byte stream).
 */
import type { Readable } from 'node:stream';
import type { RestRequest } from '../../protocol/restxml/request.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import type { Operation, OperationContext } from '../operation.js';
import type { BlobStore } from '../../store/blobs/BlobStore.js';
import type { PlainRun } from '../../store/blobs/sealed.js';
import type { SpaceGuard } from '../../store/blobs/space.js';
import type { RequestBody } from './body.js';
import type { PostForm } from './postAuth.js';

/** The request an S3 operation's `decode` reads (the route guarantees the bucket and key its target names). */
export type S3Request = RestRequest<RequestBody> & {
  /** A POST upload's form (fields and file), read and authenticated by the authenticate stage. */
  form?: PostForm;
  /** Gateway mode: version ids are the backend's own (parseVersionId accepts its form). */
  backendVersionIds?: boolean;
};

export interface S3OperationContext extends OperationContext {
  blobs: BlobStore;
  /** The data directory's free-space floor (writes) and reserve (deletes on a full disk). */
  space: SpaceGuard;
  /** The request as decoded (handlers may read headers and the body). */
  request: S3Request;
}

export interface S3Result {
  status?: number;
  headers?: Record<string, string | undefined>;
  /** An XML document, the bytes of a small object, or a stream of `length` bytes. */
  xml?: string | Buffer;
  bytes?: Buffer;
  body?: string;
  contentType?: string;
  /** `batches`, when given, is preferred to `open` for a response body (the same bytes; restXml.ts writeBatches). */
  stream?: { length: number; open: () => Readable; batches?: () => AsyncIterable<PlainRun>; dispose?: () => void };
}

export type S3Operation<I = unknown, P = undefined> = Operation<I, S3Result, P, S3OperationContext>;

/** Declares an S3 operation (service 's3', a route, a decode) with its types checked. */
export const defineS3Operation = <I, P = undefined>(op: Omit<S3Operation<I, P>, 'service'> & { route: NonNullable<S3Operation['route']>; decode: NonNullable<S3Operation<I, P>['decode']> }): S3Operation<I, P> => ({
  service: 's3',
  ...op,
});

export type { S3BucketsTable };
