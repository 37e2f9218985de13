import { parseQuery } from '../sigv4/parseQuery.js';

/**
 * The query parameters S3's SigV2 signs (sub-resources and response overrides). Everything else in the query
 * is left out of the string to sign.
 */
export const SIGNED_SUBRESOURCES: ReadonlySet<string> = new Set([
  'accelerate', 'acl', 'analytics', 'attributes', 'cors', 'delete', 'encryption', 'intelligent-tiering',
  'inventory', 'legal-hold', 'lifecycle', 'location', 'logging', 'metrics', 'notification', 'object-lock',
  'ownershipControls', 'partNumber', 'policy', 'policyStatus', 'publicAccessBlock', 'replication',
  'requestPayment', 'restore', 'retention', 'select', 'select-type', 'tagging', 'torrent', 'uploadId',
  'uploads', 'versionId', 'versioning', 'versions', 'website',
  'response-cache-control', 'response-content-disposition', 'response-content-encoding',
  'response-content-language', 'response-content-type', 'response-expires',
]);

/**
 * CanonicalizedResource: [/bucket for virtual-hosted requests] + the path as received (still encoded) + the
 * signed sub-resources sorted by name, `?name` or `?name=value` joined by '&', values decoded (S3: "When
 * signing, you do not encode these values").
 */
export function getCanonicalizedResource(rawPath: string, rawQuery: string, virtualHostBucket?: string): string {
  let resource = (virtualHostBucket ? '/' + virtualHostBucket : '') + (rawPath === '' ? '/' : rawPath);
  const subs = parseQuery(rawQuery)
    .filter(([n]) => SIGNED_SUBRESOURCES.has(n))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  if (subs.length > 0) resource += '?' + subs.map(([n, v]) => (v === '' ? n : `${n}=${v}`)).join('&');
  return resource;
}
