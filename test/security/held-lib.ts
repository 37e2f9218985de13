/**
 * Raw-wire helpers for the security suite: S3 requests signed with the AWS SDK's own SigV4 signer (so a test
 * can alter any byte afterwards), a socket-level HTTP exchange for requests no client would send (lying
 * Content-Length, bodies that stop half-way), and the server's health probe.
 */
import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Creds } from '../helpers/clients.js';
import type { TestServer } from '../helpers/server.js';

export interface SignedS3 {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A SigV4 header-signed S3 request (path-style) with a signed payload hash. */
export async function signS3(
  server: TestServer,
  method: string,
  path: string,
  creds: Creds,
  opts: { body?: Buffer | string; headers?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<SignedS3> {
  const u = new URL(server.url);
  const body = opts.body === undefined ? undefined : Buffer.from(opts.body);
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: creds, sha256: Sha256, uriEscapePath: false });
  const signed = await signer.sign({
    method,
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path,
    query: opts.query ?? {},
    headers: {
      host: u.host,
      'x-amz-content-sha256': createHash('sha256').update(body ?? Buffer.alloc(0)).digest('hex'),
      ...(opts.headers ?? {}),
    },
    ...(body ? { body } : {}),
  });
  const q = new URLSearchParams(opts.query ?? {}).toString();
  return { method, url: `${server.url}${path}${q ? `?${q}` : ''}`, headers: signed.headers as Record<string, string>, ...(body ? { body } : {}) };
}

/** A presigned S3 GET URL (SigV4 query), as the SDK's presigner builds it. */
export async function presignS3(server: TestServer, path: string, creds: Creds, expiresIn = 300): Promise<string> {
  const u = new URL(server.url);
  const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: creds, sha256: Sha256, uriEscapePath: false });
  const p = await signer.presign(
    { method: 'GET', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path, query: {}, headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
    { expiresIn },
  );
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(p.query ?? {})) q.append(k, String(v));
  return `${server.url}${path}?${q.toString().replace(/\+/g, '%20')}`;
}

export async function sendS3(r: SignedS3): Promise<{ status: number; text: string; code: string | undefined }> {
  const res = await fetch(r.url, { method: r.method, headers: r.headers, ...(r.body ? { body: new Uint8Array(r.body) } : {}) });
  const text = await res.text();
  return { status: res.status, text, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] };
}

/** The <Code> of an S3 (or query-protocol) XML error. */
export const codeOf = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];

/** `s` with the character at `i` replaced by another one of the same alphabet class (the value stays well-formed). */
export function flipAt(s: string, i: number): string {
  const c = s[i]!;
  let r: string;
  if (/[0-9]/.test(c)) r = c === '9' ? '0' : String.fromCharCode(c.charCodeAt(0) + 1);
  else if (/[a-y]/.test(c) || /[A-Y]/.test(c)) r = String.fromCharCode(c.charCodeAt(0) + 1);
  else if (c === 'z') r = 'a';
  else if (c === 'Z') r = 'A';
  else if (c === '-') r = '_';
  else if (c === '_') r = '-';
  else if (c === '+') r = '/';
  else if (c === '/') r = '+';
  else r = 'A';
  return s.slice(0, i) + r + s.slice(i + 1);
}

/** `n` positions spread evenly over a string of length `len` (first and last included). */
export function samplePositions(len: number, n: number): number[] {
  if (len <= n) return Array.from({ length: len }, (_, i) => i);
  return [...new Set(Array.from({ length: n }, (_, k) => Math.round((k * (len - 1)) / (n - 1))))];
}

export interface RawAnswer {
  /** The status line's code, or undefined when the server closed without answering. */
  status: number | undefined;
  head: string;
  body: string;
  /** The server closed the connection (before or after answering). */
  closed: boolean;
}

/**
 * Writes `head` (request line + headers, CRLF-separated, without the blank line) and the body parts on a raw
 * TCP socket. With `finish: false` the client neither ends its side nor sends the rest: it waits up to
 * `waitMs` for the server's answer or close, then closes the socket itself. The answer is read until the
 * declared Content-Length is in, or the server closes.
 */
export function rawExchange(server: TestServer, head: string, parts: Buffer[] = [], opts: { finish?: boolean; waitMs?: number } = {}): Promise<RawAnswer> {
  const { finish = true, waitMs = 5_000 } = opts;
  return new Promise((resolve) => {
    const sock = connect(server.port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let closed = false;
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      const text = buf.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const h = split >= 0 ? text.slice(0, split) : text;
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(h)?.[1];
      sock.destroy();
      resolve({ status: status ? Number(status) : undefined, head: h, body: split >= 0 ? text.slice(split + 4) : '', closed });
    };
    const timer = setTimeout(end, waitMs);
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const text = buf.toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      if (split < 0) return;
      const len = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, split + 2))?.[1];
      if (len !== undefined && buf.length - (split + 4) >= Number(len)) end();
    });
    sock.on('error', () => {
      closed = true;
      end();
    });
    sock.on('close', () => {
      closed = true;
      end();
    });
    sock.write(`${head}\r\n\r\n`);
    for (const p of parts) sock.write(p);
    if (finish) sock.end();
  });
}

/** The server answers its health probe (it is up and serving). */
export async function healthy(server: TestServer): Promise<boolean> {
  const r = await fetch(`${server.url}/_health`);
  return r.status === 200 && ((await r.json()) as { status?: string }).status === 'ok';
}

/** Resident memory of the server process in bytes (Linux /proc), for bounded-memory checks. */
export async function rssOf(server: TestServer): Promise<number> {
  const { readFileSync } = await import('node:fs');
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
}

/** A TOTP code of a base32 seed `offsetSeconds` from now (RFC 6238, SHA-1, 6 digits, 30 s), as an MFA app computes it. */
export async function totp(seed: string, offsetSeconds = 0): Promise<string> {
  const { TOTP, Secret } = await import('otpauth');
  return new TOTP({ secret: Secret.fromBase32(seed), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: Date.now() + offsetSeconds * 1000 });
}

/**
 * The console session's anti-CSRF token, read as the console's own page carries it: the <meta name="tessera-csrf">
 * of /_console/ on the console's origin, fetched with the session cookie.
 */
export async function consoleCsrf(server: TestServer, cookie: string): Promise<string> {
  const page = await fetch(`${server.consoleUrl}/_console/`, { headers: { cookie }, redirect: 'manual' });
  const html = await page.text();
  const token = /<meta name="tessera-csrf" content="([A-Za-z0-9_-]{43})">/.exec(html)?.[1];
  if (page.status !== 200 || !token) throw new Error(`no anti-CSRF token on /_console/ (status ${page.status})`);
  return token;
}
