/**
 * One JSON line per request on stdout. The fields are chosen, never copied from the request wholesale:
 * no header, no query string, no body — so no secret, session token or signature can reach the log.
 */
export interface RequestLogLine {
  requestId: string;
  method: string;
  path: string;
  service: string;
  operation: string;
  caller?: string | undefined;
  decision?: string | undefined;
  status: number;
  error?: string | undefined;
  durationMs: number;
}

export interface RequestLogger {
  request(line: RequestLogLine): void;
  error(requestId: string, err: unknown): void;
}

export const offLogger: RequestLogger = { request: () => undefined, error: () => undefined };

export function jsonLogger(out: NodeJS.WritableStream = process.stdout): RequestLogger {
  return {
    request(line) {
      out.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'request', ...line }) + '\n');
    },
    error(requestId, err) {
      // Internal errors are logged with their stack for operators; they are never sent to the client.
      const e = err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { message: String(err) };
      out.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'internal error', requestId, ...e }) + '\n');
    },
  };
}
