/**
 * REST-XML routing: each operation declares its route (method × target × the sub-resources and headers
 * that select it); the table built from those declarations picks the most specific route that matches.
 * S3's API has more sub-resources than Tessera implements: a request naming one of those answers
 * NotImplemented (never a silent answer from another operation), and a method no route of the target
 * takes answers MethodNotAllowed.
 */
import { ServiceError } from '../../core/errors.js';

export type RestTarget = 'service' | 'bucket' | 'object';

export interface RestRoute {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS';
  /** What the path names: the service (no bucket), a bucket, or an object (bucket and key); or several. */
  target: RestTarget | RestTarget[];
  /** Query parameters that must be present: the sub-resource ('policy', 'uploads', 'uploadId', ...). */
  query?: string[];
  /** Query parameters of which at least one must be present (UploadPart: uploadId or partNumber). */
  anyQuery?: string[];
  /** A query parameter that must have this value ({ 'list-type': '2' }). */
  queryValue?: Record<string, string>;
  /** Headers that must be present ('x-amz-copy-source'). */
  headers?: string[];
  /** The request must have no query at all (PostObject: a form posted to the bucket's URL). */
  bare?: boolean;
}

export interface RouteRequest {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
  header(name: string): string | undefined;
}

/** Sub-resources of S3's API; those no declared route names answer NotImplemented. */
export const S3_SUBRESOURCES = [
  'accelerate', 'acl', 'analytics', 'cors', 'encryption', 'intelligent-tiering', 'inventory', 'legal-hold', 'lifecycle',
  'logging', 'metrics', 'notification', 'object-lock', 'ownershipControls', 'policyStatus', 'publicAccessBlock',
  'replication', 'requestPayment', 'restore', 'retention', 'select', 'tagging', 'torrent', 'versioning', 'versions',
  'website', 'attributes', 'session', 'renameObject', 'metadataTable', 'abac',
];

const RESOURCE_TYPE: Record<RestTarget, string> = { service: 'SERVICE', bucket: 'BUCKET', object: 'OBJECT' };

interface Entry {
  name: string;
  route: RestRoute;
  specificity: number;
}

export class RouteTable {
  private readonly byTarget = new Map<RestTarget, Entry[]>();

  constructor(operations: Iterable<{ name: string; route?: RestRoute | undefined }>) {
    for (const op of operations) {
      if (!op.route) continue;
      const r = op.route;
      const specificity = (r.query?.length ?? 0) + (r.anyQuery ? 1 : 0) + (r.headers?.length ?? 0) + Object.keys(r.queryValue ?? {}).length;
      for (const target of Array.isArray(r.target) ? r.target : [r.target]) {
        const list = this.byTarget.get(target) ?? [];
        list.push({ name: op.name, route: r, specificity });
        this.byTarget.set(target, list);
      }
    }
    for (const list of this.byTarget.values()) list.sort((a, b) => b.specificity - a.specificity);
  }

  /** The operation the request names, or AWS's NotImplemented / MethodNotAllowed. */
  match(req: RouteRequest): string {
    const target: RestTarget = req.bucket === undefined ? 'service' : req.key === undefined ? 'bucket' : 'object';
    const method = req.method;
    const entries = this.byTarget.get(target) ?? [];
    const found = entries.find((e) => e.route.method === method && matches(e.route, req));
    // A sub-resource of S3's API the chosen route does not name: an operation Tessera does not implement.
    if (req.query.size > 0) {
      const named = new Set([...(found?.route.query ?? []), ...(found?.route.anyQuery ?? [])]);
      if (S3_SUBRESOURCES.some((s) => req.query.has(s) && !named.has(s))) throw notImplemented();
    }
    if (found) return found.name;
    throw new ServiceError('MethodNotAllowed', 'The specified method is not allowed against this resource.', 405, {
      extra: { Method: method, ResourceType: RESOURCE_TYPE[target] },
    });
  }
}

function matches(r: RestRoute, req: RouteRequest): boolean {
  if (r.bare && req.query.size > 0) return false;
  if (r.query && !r.query.every((q) => req.query.has(q))) return false;
  if (r.anyQuery && !r.anyQuery.some((q) => req.query.has(q))) return false;
  if (r.queryValue && !Object.entries(r.queryValue).every(([k, v]) => req.query.get(k) === v)) return false;
  if (r.headers && !r.headers.every((h) => req.header(h) !== undefined)) return false;
  return true;
}

const notImplemented = () => new ServiceError('NotImplemented', 'A header you provided implies functionality that is not implemented', 501);
