/** Writing responses: every one carries the request id, as AWS's do. */
import type { ServerResponse } from 'node:http';
import type { Exchange } from './exchange.js';

export function send(
  res: ServerResponse,
  ex: Exchange,
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
) {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(buf.length),
    'x-amzn-RequestId': ex.requestId,
    'x-amz-request-id': ex.requestId,
    // Date: added by Node itself (cached per second).
    ...headers,
  });
  res.end(ex.method === 'HEAD' ? undefined : buf);
}

let dateSecond = NaN;
let dateText = '';

/** The Date header's value now. Its text changes once a second, so it is built once a second (as Node does for its own). */
export function currentHttpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
