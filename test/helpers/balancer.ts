/**
 * A round-robin HTTP load balancer in front of several Tessera nodes, as an operator's would be: each
 * request (not each connection) goes to the next node that is up, bytes streamed both ways, the request's
 * own headers (Host included, so signatures verify on every node) passed unchanged. A node that refuses a
 * connection is taken out of the rotation and the request answered 502 (clients retry it, as they retry
 * any 502); nothing is retried by the balancer itself, so what a client saw acknowledged is what a node
 * acknowledged. `served` counts the requests each node answered.
 */
import { createServer, request, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  /** Requests answered per node (index of `targets`). */
  served: number[];
  /** Takes node `i` out of the rotation (as a failed health check would). */
  markDown(i: number): void;
  close(): Promise<void>;
}

export async function startBalancer(targets: string[]): Promise<Balancer> {
  const up = targets.map(() => true);
  const served = targets.map(() => 0);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  let next = 0;
  const pick = (): number | undefined => {
    for (let n = 0; n < targets.length; n++) {
      const i = (next + n) % targets.length;
      if (up[i]) {
        next = i + 1;
        return i;
      }
    }
    return undefined;
  };
  const server: Server = createServer((req, res) => {
    const i = pick();
    if (i === undefined) {
      res.writeHead(503).end();
      return;
    }
    const target = new URL(targets[i]!);
    const upstream = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent },
      (answer) => {
        served[i]!++;
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    upstream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNREFUSED') up[i] = false;
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(upstream);
    req.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    markDown: (i) => {
      up[i] = false;
    },
    close: () =>
      new Promise<void>((r) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
