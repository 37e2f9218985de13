/**
 * Several `tessera serve` nodes on ONE PostgreSQL database, as an operator runs them: the same root keys
 * and the same master key on every node, each node with a data directory of its own (kept across a
 * restart, removed by stop()) unless the options name one directory for all of them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type StartOptions, type TestServer } from './server.js';

/** What one node adds to the options every node shares: its env merged over theirs, its args after theirs. */
export type NodeOptions = Pick<StartOptions, 'env' | 'args'>;

export interface NodesOptions extends Omit<StartOptions, 'database' | 'memory'> {
  /** Options of node `i` alone (e.g. a shorter cache TTL on one of them). */
  node?: (i: number) => NodeOptions;
}

export interface Nodes {
  /** The running nodes, by index; restart(i) replaces nodes[i]. */
  nodes: TestServer[];
  root: NonNullable<StartOptions['root']>;
  /** Stops node `i` and starts it again with the same options and data directory. */
  restart(i: number): Promise<TestServer>;
  /** Stops every node and removes the data directories made here (not the database). */
  stop(): Promise<void>;
}

let counter = 0;

/** Starts `count` nodes on `db` at once; if one fails to start, the others are stopped and the failures thrown. */
export async function startNodes(db: { url: string }, count: number, options: NodesOptions = {}): Promise<Nodes> {
  counter++;
  const root = options.root ?? { accessKeyId: `AKIATESTNODES${String(counter).padStart(7, '0')}`, secretAccessKey: `testNodesSecret/${counter}/${process.pid}/abcdefghij` };
  const env = { TESSERA_MASTER_KEY: randomBytes(32).toString('hex'), ...options.env };
  const ownDirs = options.dataDir ? [] : Array.from({ length: count }, (_, i) => mkdtempSync(join(tmpdir(), `tessera-node-${i}-`)));
  const start = (i: number) => {
    const own = options.node?.(i) ?? {};
    return startServer({
      ...options,
      database: db.url,
      root,
      dataDir: options.dataDir ?? ownDirs[i],
      env: { ...env, ...own.env },
      args: [...(options.args ?? []), ...(own.args ?? [])],
    });
  };
  const removeDirs = () => ownDirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  const started = await Promise.allSettled(Array.from({ length: count }, (_, i) => start(i)));
  const nodes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (nodes.length < count) {
    await Promise.all(nodes.map((n) => n.stop()));
    removeDirs();
    const why = started.map((r, i) => `node ${i}: ${r.status === 'rejected' ? String(r.reason) : 'started'}`);
    throw new Error(`${count - nodes.length} of ${count} nodes did not start:\n${why.join('\n')}`);
  }
  return {
    nodes,
    root,
    async restart(i) {
      await nodes[i]!.stop();
      nodes[i] = await start(i);
      return nodes[i];
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      removeDirs();
    },
  };
}
