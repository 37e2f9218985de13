/**
 * What an S3 operation is: one declaration per operation in operations/<Name>.ts. Like the query-protocol
 * operations (services/operation.ts), it declares its authorization checks as data and its handler never
 * calls the authorizer; S3 adds a typed decode from the HTTP request and a streamed body and response.
 *
 *  - `decode`: the typed input from the route, query, headers (and small XML bodies); S3's error codes for
 *    bad input. Runs after authentication.
 *  - `authorize`: the checks (action, arn:aws:s3:::bucket[/key], s3:* condition keys, the bucket policy
 *    and the bucket owner's account). It may read the bucket; it never decides. `probes` are checks whose
 *    outcome the handler needs as a fact rather than a refusal (GetObject on a missing key answers
 *    NoSuchKey only to callers allowed s3:ListBucket; DeleteObjects reports AccessDenied per key).
 *  - `handle`: the domain logic over the store and the blob store.
 */
import type { Readable } from 'node:stream';
import type { AuthzCheck, OperationContext } from '../operation.js';
import type { S3BucketsTable } from '../../store/schema-s3.js';
import type { BlobStore } from './blobs/BlobStore.js';
import type { SpaceGuard } from './blobs/space.js';
import type { RequestBody } from './body.js';

export interface S3Request {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  /** Decoded query parameters. */
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** Raw headers as received (name, value, name, value, ...). */
  rawHeaders: string[];
  body: RequestBody;
  /** The Host header named the bucket. */
  virtualHost: boolean;
}

export interface S3OperationContext extends OperationContext {
  blobs: BlobStore;
  /** The data directory's free-space floor (writes) and reserve (deletes on a full disk). */
  space: SpaceGuard;
  /** The outcome of each probe the operation declared. */
  allowed(probe: string): boolean;
  /** The request as decoded (handlers may read headers). */
  request: S3Request;
}

export interface S3AuthzPlan {
  checks: AuthzCheck[];
  probes?: Record<string, AuthzCheck>;
}

export interface S3Result {
  status?: number;
  headers?: Record<string, string | undefined>;
  /** An XML document, or a stream of `length` bytes. */
  xml?: string;
  body?: string;
  contentType?: string;
  stream?: { length: number; open: () => Readable; dispose?: () => void };
}

export interface S3Operation<I = unknown> {
  name: string;
  decode(req: S3Request): I | Promise<I>;
  authorize(input: I, ctx: S3OperationContext): S3AuthzPlan | Promise<S3AuthzPlan>;
  handle(input: I, ctx: S3OperationContext): Promise<S3Result>;
}

export const defineS3Operation = <I>(op: S3Operation<I>): S3Operation<I> => op;

export type { S3BucketsTable };
