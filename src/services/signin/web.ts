/**
 * Small HTTP helpers shared by the sign-in endpoint and the console backend: parameters from the query
 * string and a form body, cookies, and plain answers (text, JSON, redirects) that carry the request id.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../server/pipeline/body.js';
import type { Exchange } from '../../server/exchange.js';
import { header } from '../../server/exchange.js';
import { send } from '../../server/respond.js';

const MAX_FORM = 64 * 1024;

/** Query parameters, plus a urlencoded (or JSON object) body for POST. Later values do not override earlier. */
export async function readParams(req: IncomingMessage, ex: Exchange): Promise<URLSearchParams> {
  const params = new URLSearchParams(ex.rawQuery);
  if (ex.method === 'POST') {
    const body = (await readBody(req, MAX_FORM)).toString('utf8');
    const ct = header(ex, 'content-type') ?? '';
    if (ct.startsWith('application/json')) {
      const obj = safeJson(body);
      if (obj && typeof obj === 'object') for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') params.append(k, v);
    } else if (body.length > 0) {
      for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
    }
  }
  return params;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function cookie(ex: Exchange, name: string): string | undefined {
  const raw = header(ex, 'cookie');
  if (!raw) return undefined;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

export const sendJson = (res: ServerResponse, ex: Exchange, status: number, value: unknown, headers: Record<string, string | string[]> = {}) =>
  send(res, ex, status, 'application/json', JSON.stringify(value), { ...NO_STORE, ...(headers as Record<string, string>) });

export const sendText = (res: ServerResponse, ex: Exchange, status: number, text: string) =>
  send(res, ex, status, 'text/plain; charset=utf-8', text + '\n', NO_STORE);

export function redirect(res: ServerResponse, ex: Exchange, location: string, headers: Record<string, string | string[]> = {}) {
  res.writeHead(302, { Location: location, 'Content-Length': '0', 'x-amzn-RequestId': ex.requestId, ...NO_STORE, ...headers });
  res.end();
}

/** The origin the browser used to reach us (Host header; scheme from the socket). */
export function requestOrigin(ex: Exchange): string {
  return `${ex.secure ? 'https' : 'http'}://${header(ex, 'host') ?? 'localhost'}`;
}
