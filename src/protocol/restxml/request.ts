/**
 * A REST-XML request as an operation's `decode` sees it: the route's bucket and key, the decoded query,
 * the headers, and the body (a stream the protocol decodes and verifies as it is read; its type is the
 * service's).
 */
export interface RestRequest<Body = unknown> {
  method: string;
  /** The bucket of a bucket or object route ('' for the service route). */
  bucket: string;
  /** The key of an object route ('' otherwise). */
  key: string;
  /** Decoded query parameters. */
  query: URLSearchParams;
  header(name: string): string | undefined;
  /** Raw headers as received (name, value, name, value, ...). */
  rawHeaders: string[];
  body: Body;
  /** The Host header named the bucket (virtual-hosted style). */
  virtualHost: boolean;
}
