/**
 * The PostgreSQL side of change notification: one dedicated connection that LISTENs on `tessera_changes`.
 * When that connection is lost (database restart, pg_terminate_backend, network), it is re-established
 * with backoff (100 ms doubling to 5 s, with jitter), for as long as the server runs. Every time the
 * listener is (re)established — and at the moment it is lost — `onReset` tells the caches to drop
 * everything, since notifications sent meanwhile were not received.
 *
 * The connection is named `tessera-listener/<pid>` (application_name) so an operator can find it in
 * pg_stat_activity.
 */
import type pg from 'pg';

const CHANNEL = 'tessera_changes';
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

export interface PgListenerOptions {
  /** TEST ONLY: do not listen at all, so that only the caches' TTL bounds staleness. */
  ignoreNotifications?: boolean;
}

export async function startPgListener(
  pgModule: typeof pg,
  connectionString: string,
  onMessage: (topic: string) => void,
  onReset: () => void,
  opts: PgListenerOptions = {},
): Promise<() => Promise<void>> {
  if (opts.ignoreNotifications) {
    console.error('WARNING: TEST-ONLY: change notifications are ignored; caches rely on their TTL alone. Never use this in production.');
    return async () => undefined;
  }
  let current: pg.Client | undefined;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const lost = (client: pg.Client) => {
    if (client !== current) return;
    current = undefined;
    client.end().catch(() => undefined);
    onReset();
    schedule();
  };

  function schedule() {
    if (stopped || timer) return;
    const base = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(failures, 10));
    failures++;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch(() => schedule());
    }, base / 2 + Math.random() * (base / 2));
    timer.unref();
  }

  async function connect(): Promise<void> {
    const client = new pgModule.Client({ connectionString, application_name: `tessera-listener/${process.pid}`, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    // Errors of an established connection arrive here and as 'end'; both mean: reconnect.
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client.on('notification', (n) => {
      if (client === current && n.payload) onMessage(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (e) {
      await client.end().catch(() => undefined); // not `current`: its 'error' / 'end' change nothing
      throw e;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    failures = 0;
    onReset();
  }

  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const c = current;
    current = undefined;
    await c?.end().catch(() => undefined);
  };
}
