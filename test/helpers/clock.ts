/** Moves a `--test-clock` server's clock on, as root (POST /_admin/clock, SigV4-signed with service "tessera"). */
import assert from 'node:assert/strict';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { TestServer } from './server.js';

export async function advanceTestClock(server: TestServer, seconds: number): Promise<void> {
  const u = new URL(`${server.url}/_admin/clock`);
  const body = JSON.stringify({ advance: seconds });
  const signer = new SignatureV4({ service: 'tessera', region: 'us-east-1', credentials: server.root, sha256: Sha256 });
  const signed = await signer.sign({ method: 'POST', protocol: u.protocol, hostname: u.hostname, port: Number(u.port), path: u.pathname, headers: { host: u.host, 'content-type': 'application/json' }, body });
  const res = await fetch(u, { method: 'POST', headers: signed.headers as Record<string, string>, body });
  assert.equal(res.status, 200, await res.text());
}
