/**
 * A broken S3 backend on demand: a real TCP proxy in front of a real backend (Ceph's radosgw) that can be
 * told to fail the way a backend does — refuse connections, answer every request with an error status (as a
 * full or overloaded radosgw does, before reading the body), pass an answer through and reset the
 * connection after some bytes of it, or take whatever is sent and never answer (a stalled backend). It is a stand-in for a failing backend only: Tessera talks to it over
 * TCP exactly as to Ceph, and nothing of Tessera is replaced.
 */
import { createServer, type Server, type Socket } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'refuse' }
  | { kind: 'status'; status: number; code: string }
  | { kind: 'resetAfter'; bytes: number }
  | { kind: 'stall' };

export interface FaultyBackend {
  host: string;
  port: number;
  set(mode: FaultMode): Promise<void>;
  close(): Promise<void>;
}

export async function faultyBackend(target: { host: string; port: number }): Promise<FaultyBackend> {
  let mode: FaultMode = { kind: 'pass' };
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const onConnection = (client: Socket) => {
    track(client);
    const m = mode;
    if (m.kind === 'status') return answerStatus(client, m.status, m.code);
    if (m.kind === 'stall') return void client.resume();
    const upstream = new (client.constructor as typeof Socket)();
    track(upstream);
    upstream.connect(target.port, target.host);
    client.pipe(upstream);
    let seen = 0;
    upstream.on('data', (chunk: Buffer) => {
      if (m.kind === 'resetAfter' && seen + chunk.length > m.bytes) {
        client.write(chunk.subarray(0, Math.max(0, m.bytes - seen)));
        client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      seen += chunk.length;
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  };
  let server: Server = createServer(onConnection);
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    async set(next) {
      const wasRefusing = mode.kind === 'refuse';
      mode = next;
      // Connection refused for real: nothing listens on the port (and the open connections are cut).
      if (next.kind === 'refuse' && !wasRefusing) {
        server.close();
        for (const s of sockets) s.destroy();
      } else if (next.kind !== 'refuse' && wasRefusing) {
        server = createServer(onConnection);
        await listen(port);
      }
      // A new mode applies to new connections: kept-alive ones are cut so the next request sees it.
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}

/** Reads the request head, then answers `status` with an S3 error document and closes (the body unread). */
function answerStatus(client: Socket, status: number, code: string): void {
  let head = '';
  const onData = (chunk: Buffer) => {
    head += chunk.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    client.off('data', onData);
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>backend failure ${status}</Message></Error>`;
    client.end(`HTTP/1.1 ${status} ${code}\r\nContent-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(xml)}\r\nConnection: close\r\n\r\n${xml}`);
  };
  client.on('data', onData);
}
