/**
 * Signs a raw request with the AWS SDK's own SigV4 signer (@smithy/signature-v4), so tests can alter a
 * signed request byte by byte and send it with fetch.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Creds } from './clients.js';

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export async function signQuery(
  url: string,
  service: 'sts' | 'iam',
  body: string,
  creds: Creds,
  opts: { date?: Date; region?: string } = {},
): Promise<RawRequest> {
  const u = new URL(url);
  const signer = new SignatureV4({ service, region: opts.region ?? 'us-east-1', credentials: creds, sha256: Sha256 });
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: u.protocol,
      hostname: u.hostname,
      port: Number(u.port),
      path: '/',
      headers: { host: u.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    },
    { signingDate: opts.date ?? new Date() },
  );
  return { method: 'POST', url, headers: signed.headers as Record<string, string>, body };
}

export async function send(r: RawRequest): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(r.url, { method: r.method, headers: r.headers, ...(r.body !== undefined ? { body: r.body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** The Code, Message and RequestId of a query-protocol <ErrorResponse>. */
export function queryError(xml: string): { type?: string; code?: string; message?: string; requestId?: string } {
  const pick = (tag: string) => new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];
  return { type: pick('Type'), code: pick('Code'), message: pick('Message'), requestId: pick('RequestId') };
}
