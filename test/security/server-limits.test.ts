/**
 * The server's own edges, driven over raw HTTP against a real `tessera serve`: what an unauthenticated client
 * can make it keep (metrics series, stalled connections, oversized bodies), how authentication headers are
 * read (repeated headers, a signature scoped to another service), and readiness.
 */
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { createTestDatabase, type TestDatabase } from '../helpers/postgres.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { queryError, send, signQuery } from '../helpers/sign.js';

/** Opens a socket, writes `bytes`, and resolves with what the server sent once it closed the connection. */
function rawExchange(port: number, bytes: string | Buffer, waitMs = 15_000): Promise<{ data: string; closed: boolean }> {
  return new Promise((resolve) => {
    const s: Socket = connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ data, closed: false });
    }, waitMs);
    s.on('data', (d) => (data += d.toString('latin1')));
    s.on('error', () => undefined);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ data, closed: true });
    });
    s.write(bytes);
  });
}

async function s3Signed(server: TestServer, service: string, opts: { presign?: boolean } = {}) {
  const u = new URL(server.url);
  const signer = new SignatureV4({ service, region: 'us-east-1', credentials: server.root, sha256: Sha256, uriEscapePath: false });
  const req = { method: 'GET', protocol: 'http:', hostname: u.hostname, port: Number(u.port), path: '/scoped', headers: { host: u.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } };
  if (opts.presign) {
    const p = await signer.presign(req, { expiresIn: 300 });
    const q = new URLSearchParams(p.query as Record<string, string>).toString();
    return fetch(`${server.url}/scoped?${q}`);
  }
  const signed = await signer.sign(req);
  return fetch(`${server.url}/scoped`, { headers: signed.headers as Record<string, string> });
}

const pick = (xml: string, tag: string) =>
  new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1]?.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('metrics and crashes: an unauthenticated client cannot grow the server or end it', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('20 unsigned calls with a 1.8 MB Action, then /_metrics: answered, labels bounded, the process lives', async () => {
    for (let i = 0; i < 20; i++) {
      const body = `Action=${String(i).padStart(2, '0')}${'A'.repeat(1_800_000)}&Version=2011-06-15`;
      const r = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
      assert.equal(r.status, 400);
      assert.equal(queryError(await r.text()).code, 'InvalidAction');
    }
    for (let i = 0; i < 40; i++) {
      const r = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=Nope${i}&Version=2011-06-15` });
      assert.equal(r.status, 400);
      await r.arrayBuffer();
    }
    const m = await fetch(`${server.url}/_metrics`);
    assert.equal(m.status, 200);
    const text = await m.text();
    assert.ok(text.length < 64 * 1024, `metrics stay small (${text.length} bytes)`);
    assert.doesNotMatch(text, /AAAA|Nope\d/);
    assert.match(text, /tessera_requests_total\{service="sts",operation="unknown",status="400"\} 60/);
    const h = await fetch(`${server.url}/_health`);
    assert.equal(h.status, 200);
    assert.equal(((await h.json()) as { status: string }).status, 'ok');
    assert.equal(server.child.exitCode, null);
  });

  test('an IAM/STS body above the limit is refused from Content-Length, and the connection closes unread', async () => {
    const head = 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3000000\r\n\r\nAction=';
    const r = await rawExchange(server.port, head, 5_000);
    assert.ok(r.closed, 'the server closed the connection without waiting for 3 MB');
    assert.match(r.data, /^HTTP\/1\.1 413 /);
    assert.match(r.data, /<Code>RequestEntityTooLarge<\/Code>/);
    assert.match(r.data, /\r\nConnection: close\r\n/i);
  });

  test('bodies read before authentication share one memory budget: past 64 MiB they get 503 and a closed connection', async () => {
    const sockets: Socket[] = [];
    const answers: Promise<string>[] = [];
    const chunk = Buffer.alloc(1_900_000, 'a');
    for (let i = 0; i < 40; i++) {
      const s = connect(server.port, '127.0.0.1');
      s.on('error', () => undefined);
      sockets.push(s);
      answers.push(new Promise((r) => {
        let d = '';
        s.on('data', (b) => (d += b.toString('latin1')));
        s.on('close', () => r(d));
        setTimeout(() => r(d), 10_000);
      }));
      s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 2000000\r\n\r\n');
      s.write(Buffer.concat([Buffer.from('Action=GetCallerIdentity&x='), chunk]));
    }
    // Each answer is what the server sent before closing, or, for bodies still held, what it sent in 10 s.
    const got = await Promise.all(answers);
    sockets.forEach((s) => s.destroy());
    const unavailable = got.filter((d) => /^HTTP\/1\.1 503 /.test(d));
    // 40 × 1.9 MB held at once is ~72 MiB: the bodies past the 64 MiB budget are refused, the rest wait.
    assert.ok(unavailable.length >= 2 && unavailable.length <= 10, `${unavailable.length} of 40 refused`);
    for (const d of unavailable) {
      assert.match(d, /<Code>ServiceUnavailable<\/Code>/);
      assert.match(d, /\r\nConnection: close\r\n/i);
    }
    // Once those connections are gone the budget is free again.
    const ok = await send(await signQuery(server.url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', server.root));
    assert.equal(ok.status, 200);
  });

  test('two Authorization headers: S3 answers 400 InvalidArgument, STS 403 IncompleteSignature', async () => {
    const signed = await signQuery(server.url, 'sts', 'Action=GetCallerIdentity&Version=2011-06-15', server.root);
    const auth = signed.headers.authorization!;
    const lines = Object.entries(signed.headers).filter(([k]) => k.toLowerCase() !== 'host').map(([k, v]) => `${k}: ${v}\r\n`).join('');
    const body = signed.body!;
    const sts = await rawExchange(server.port, `POST / HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n${lines}Authorization: ${auth}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    assert.match(sts.data, /^HTTP\/1\.1 403 /);
    assert.equal(pick(sts.data, 'Code'), 'IncompleteSignature');
    // The same request without the repeated header is accepted (the refusal is the repetition's).
    const once = await send(signed);
    assert.equal(once.status, 200);

    const s3 = await rawExchange(server.port, `GET / HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nAuthorization: AWS4-HMAC-SHA256 Credential=x\r\nAuthorization: AWS AKIA:abc\r\nConnection: close\r\n\r\n`);
    assert.match(s3.data, /^HTTP\/1\.1 400 /);
    assert.equal(pick(s3.data, 'Code'), 'InvalidArgument');
    assert.equal(pick(s3.data, 'ArgumentName'), 'authorization');
  });

  test('S3 refuses signatures scoped to iam, sts or ec2 (header and presigned); s3-scoped ones pass', async () => {
    const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: server.root });
    await s3.send(new CreateBucketCommand({ Bucket: 'scoped' }));
    // A signature scoped to a service Tessera does not serve never reaches S3: EC2's refusal, in EC2's shape
    // (its payload hash, UNSIGNED-PAYLOAD, is S3's alone: the signature does not match).
    for (const presign of [false, true]) {
      const r = await s3Signed(server, 'ec2', { presign });
      const t = await r.text();
      assert.equal(r.status, 403, t);
      assert.match(t, /^<\?xml[^>]*>\s*<Response><Errors><Error><Code>SignatureDoesNotMatch<\/Code>/);
      assert.doesNotMatch(t, /ListBucketResult/);
    }
    for (const service of ['iam', 'sts']) {
      const h = await s3Signed(server, service);
      const ht = await h.text();
      assert.equal(h.status, 400, ht);
      assert.equal(pick(ht, 'Code'), 'AuthorizationHeaderMalformed');
      assert.equal(pick(ht, 'Message'), `The authorization header is malformed; incorrect service "${service}". This endpoint belongs to "s3".`);
      const q = await s3Signed(server, service, { presign: true });
      const qt = await q.text();
      assert.equal(q.status, 400, qt);
      assert.equal(pick(qt, 'Code'), 'AuthorizationQueryParametersError');
    }
    const ok = await s3Signed(server, 's3');
    assert.equal(ok.status, 200, await ok.clone().text());
    assert.match(await ok.text(), /<ListBucketResult/);
    const okq = await s3Signed(server, 's3', { presign: true });
    assert.equal(okq.status, 200);
  });
});

describe('slow and stalled clients are cut off (header, request and idle timeouts)', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer({ args: ['--headers-timeout', '1', '--idle-timeout', '1', '--request-timeout', '4'] });
  });
  after(async () => {
    await server?.stop();
  });

  test('a connection that stalls mid-headers is closed', async () => {
    const r = await rawExchange(server.port, 'GET /_health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    assert.ok(r.closed, 'closed by the server');
    assert.doesNotMatch(r.data, /^HTTP\/1\.1 200/);
  });

  test('a connection that stalls mid-body is closed (query protocol and S3)', async () => {
    const q = await rawExchange(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nAction=Get');
    assert.ok(q.closed);
    assert.equal(q.data, '', 'nothing answered for a body that never came');
    const s = await rawExchange(server.port, 'PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    assert.ok(s.closed);
  });

  test('a client trickling its body (never silent for a whole idle period) is cut off by the request timeout', async () => {
    const s: Socket = connect(server.port, '127.0.0.1');
    s.on('error', () => undefined);
    const closed = new Promise<void>((r) => s.on('close', () => r()));
    s.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n');
    const drip = setInterval(() => s.writable && s.write('a'), 300);
    const winner = await Promise.race([closed.then(() => 'closed'), new Promise((r) => setTimeout(() => r('open'), 15_000))]);
    clearInterval(drip);
    s.destroy();
    assert.equal(winner, 'closed');
  });

  test('300 stalled unauthenticated connections are all closed, and /_health answers throughout', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        rawExchange(server.port, i % 2 ? 'GET / HTTP/1.1\r\nHost: x\r\n' : 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nAc', 20_000),
      ).map((p, i) => (i === 0 ? Promise.all([p, fetch(`${server.url}/_health`).then((r) => r.status)]) : p)),
    );
    const [first, health] = sockets[0] as [{ closed: boolean }, number];
    assert.equal(health, 200);
    const rest = sockets.slice(1) as { closed: boolean }[];
    assert.ok(first.closed && rest.every((r) => r.closed), 'every stalled connection was closed by the server');
    assert.equal((await fetch(`${server.url}/_health`)).status, 200);
  });

  test('a well-behaved keep-alive client is unaffected', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${server.url}/_health`)).status, 200);
  });
});

describe('liveness and readiness', () => {
  test('SQLite: /_health ok and /_ready ready', async () => {
    const server = await startServer();
    try {
      const r = await fetch(`${server.url}/_ready`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { status: 'ready', store: 'sqlite', storeReachable: true });
    } finally {
      await server.stop();
    }
  });

  test('PostgreSQL gone: /_health stays ok (the process lives), /_ready answers 503', async () => {
    const db = (await createTestDatabase()) as TestDatabase;
    assert.ok('url' in db, 'PostgreSQL is needed for this test');
    const server = await startServer({ database: db.url });
    try {
      assert.equal((await fetch(`${server.url}/_ready`)).status, 200);
      await db.drop(); // terminates the server's connections and removes the database
      const r = await fetch(`${server.url}/_ready`);
      assert.equal(r.status, 503);
      assert.deepEqual(await r.json(), { status: 'unavailable', store: 'postgres', storeReachable: false });
      const h = await fetch(`${server.url}/_health`);
      assert.equal(h.status, 200);
      assert.equal(((await h.json()) as { status: string }).status, 'ok');
    } finally {
      await server.stop();
      await db.drop();
    }
  });
});
