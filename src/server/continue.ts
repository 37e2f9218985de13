/**
 * `Expect: 100-continue`. S3 authenticates and authorizes a request on its headers before it asks for the
 * body: a refused PUT gets its 403 (or 404, ...) at once and its body is never sent. So the S3 pipeline holds
 * the 100 Continue back until an operation first reads the body (services/s3/body.ts, a POST form's fields);
 * every other part of Tessera reads its body to authenticate it and sends the 100 at once. An answer given
 * while the 100 is still held back ends the connection: whether the client sends its body anyway (clients
 * give up waiting after a second or so) cannot be known, so the connection cannot carry another request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const withheld = new WeakMap<IncomingMessage, ServerResponse>();

/** The request asked for 100 Continue: it is sent on the first read of the body (sendContinue). */
export function holdContinue(req: IncomingMessage, res: ServerResponse): void {
  withheld.set(req, res);
}

/** Sends the 100 Continue the client waits for, once, if it asked for one and no answer has started. */
export function sendContinue(req: IncomingMessage): void {
  const res = withheld.get(req);
  if (!res) return;
  withheld.delete(req);
  if (!res.headersSent && !res.writableEnded) res.writeContinue();
}

/** Whether the client still waits for a 100 Continue (its body may or may not come). */
export function continueWithheld(req: IncomingMessage): boolean {
  return withheld.has(req);
}
