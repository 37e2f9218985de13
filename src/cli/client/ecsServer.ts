/**
 * The container-credentials endpoint for `tessera exec --ecs-server`: loopback only, a random port, a
 * random bearer token the child gets in AWS_CONTAINER_AUTHORIZATION_TOKEN (compared in constant time).
 * Every request asks the resolver again, so the SDKs' refreshes before expiry get renewed credentials;
 * long-term keys are served as a GetSessionToken session (the container format needs a token and expiry).
 */
import { createServer, type Server } from 'node:http';
import { randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import type { Resolved } from './credentials.js';
import { toCliError } from './exitCodes.js';
import { REFRESH_MARGIN_MS } from './cache.js';
import { call, credsOf, stsClient, type Creds } from './sts.js';

export interface EcsServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export async function startEcsServer(resolve: () => Promise<Resolved>): Promise<EcsServer> {
  const token = randomBytes(32).toString('base64url');
  let minted: Creds | undefined;
  const temporary = async (): Promise<Creds> => {
    const r = await resolve();
    if (r.creds.sessionToken && r.creds.expiration) return r.creds;
    if (r.creds.sessionToken) return { ...r.creds, expiration: new Date(Date.now() + 15 * 60_000) };
    if (minted?.expiration && minted.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS) return minted;
    const out = await call('GetSessionToken', () => stsClient(r.target, r.creds).send(new GetSessionTokenCommand({ DurationSeconds: 3600 })));
    minted = credsOf(out.Credentials);
    return minted;
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const given = req.headers.authorization ?? '';
    if (req.method !== 'GET' || !timingSafeEqual(digest(given), digest(token))) return send(403, { message: 'Forbidden' });
    temporary().then(
      (c) => send(200, { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, Token: c.sessionToken, Expiration: c.expiration!.toISOString() }),
      (e: unknown) => {
        const err = toCliError(e);
        process.stderr.write(`tessera: the credentials endpoint could not get credentials: ${err.message}\n`);
        send(500, { message: err.message });
      },
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
