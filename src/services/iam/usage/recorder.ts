/**
 * Last use, recorded on every authenticated request and never on its critical path: the pipeline calls
 * `record` (a few map writes, no I/O, no promise), and the pending uses are written to the store every
 * FLUSH_EVERY_MS in short transactions of CHUNK rows, off any request, and once more when the server
 * closes. What is recorded:
 *
 *  - an access key (AKIA..., users' and root's): its last use, the service (namespace) and region
 *    (GetAccessKeyLastUsed, the credential report);
 *  - a role, when one of its sessions signs a request or it is assumed: RoleLastUsed (date, region);
 *  - the principal (user or role, by unique id) × service, and × action for the tracked actions, for the
 *    access advisor (GetServiceLastAccessedDetails).
 *
 * Reads that answer with these facts call `flush()` first, so a process's own pending uses are never
 * missing from its answers; other processes' appear within FLUSH_EVERY_MS.
 */
import type { Caller } from '../../../auth/caller.js';
import type { Deps, UsageRecorder } from '../../../server/deps.js';
import type { EntityUse, KeyUse, UsageBatch } from '../../../store/repos/iamUsage.js';
import type { IamServiceAccessTable } from '../../../store/schema-iam.js';

export const FLUSH_EVERY_MS = 10_000;
/** A bound on what waits in memory between flushes (a flush starts early beyond it). */
const MAX_PENDING = 20_000;
/** Rows written per transaction. */
const CHUNK = 200;

/**
 * Whether the access advisor tracks this action at action level. As AWS: IAM's actions and S3's management
 * actions (not its object-level data actions), EC2's and Lambda's.
 */
export function isTrackedAction(service: string, action: string): boolean {
  if (!TRACKED_SERVICES.has(service)) return false;
  return service !== 's3' || !/Object|MultipartUpload|ListParts/.test(action);
}

/** The services whose actions the access advisor reports one by one (ACTION_LEVEL). */
export const TRACKED_SERVICES: ReadonlySet<string> = new Set(['iam', 's3', 'ec2', 'lambda']);

interface ActionRows {
  service: IamServiceAccessTable;
  action: IamServiceAccessTable | undefined;
}

/** 's3:GetObject' → its namespace, action name and whether it is tracked; parsed once per distinct action. */
const parsedActions = new Map<string, { service: string; action: string; tracked: boolean }>();
function parseAction(iamAction: string) {
  let p = parsedActions.get(iamAction);
  if (!p) {
    const colon = iamAction.indexOf(':');
    const service = iamAction.slice(0, colon);
    const action = iamAction.slice(colon + 1);
    p = { service, action, tracked: isTrackedAction(service, action) };
    if (parsedActions.size < 10_000) parsedActions.set(iamAction, p);
  }
  return p;
}

export function usageRecorder(deps: { store: Deps['store']; logger: Pick<Deps['logger'], 'error'> }): UsageRecorder {
  let keys = new Map<string, KeyUse>();
  let entities = new Map<string, EntityUse>();
  /** Principal id → 'service:Action' → its service-level row and, for a tracked action, its action row. */
  let services = new Map<string, Map<string, ActionRows>>();
  let pending = 0;
  let flushing: Promise<void> | undefined;

  const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
  timer.unref();

  const noteEntity = (id: string, at: number, region: string) => {
    const e = entities.get(id);
    if (e) {
      e.at = at;
      e.region = region;
    } else entities.set(id, { id, at, region });
  };

  /** The rows one principal's use of `iamAction` updates (made once per principal and action between flushes). */
  function rowsFor(entityId: string, accountId: string, iamAction: string): ActionRows {
    let byAction = services.get(entityId);
    if (!byAction) services.set(entityId, (byAction = new Map()));
    let rows = byAction.get(iamAction);
    if (rows) return rows;
    const { service, action, tracked } = parseAction(iamAction);
    // One service-level row per principal and service, shared by all its actions.
    let serviceRow: IamServiceAccessTable | undefined;
    for (const other of byAction.values()) if (other.service.service === service) serviceRow = other.service;
    if (!serviceRow) {
      serviceRow = { entity_id: entityId, service, action: '', account_id: accountId, last_at: 0, region: '' };
      pending++;
    }
    rows = { service: serviceRow, action: tracked ? { entity_id: entityId, service, action, account_id: accountId, last_at: 0, region: '' } : undefined };
    if (rows.action) pending++;
    byAction.set(iamAction, rows);
    return rows;
  }

  function record(caller: Caller, iamAction: string, region: string, at: number) {
    if (caller.accessKeyId && !caller.session) {
      const k = keys.get(caller.accessKeyId);
      const service = parseAction(iamAction).service;
      if (k) {
        k.at = at;
        k.service = service;
        k.region = region;
      } else {
        keys.set(caller.accessKeyId, { accessKeyId: caller.accessKeyId, at, service, region });
        pending++;
      }
    }
    const entityId = caller.type === 'user' ? caller.userId : caller.type === 'assumed-role' ? caller.roleId : undefined;
    if (entityId) {
      if (caller.type === 'assumed-role') noteEntity(entityId, at, region);
      const rows = rowsFor(entityId, caller.accountId, iamAction);
      rows.service.last_at = at;
      rows.service.region = region;
      if (rows.action) {
        rows.action.last_at = at;
        rows.action.region = region;
      }
    }
    if (pending > MAX_PENDING) void flush();
  }

  /**
   * One transaction per CHUNK rows: the store's connection (SQLite's one) is held by a short transaction at
   * a time, so a request's own store access never waits behind a whole large flush.
   */
  async function writeInChunks(batch: UsageBatch) {
    const parts: UsageBatch[] = [];
    for (let i = 0; i < batch.keys.length; i += CHUNK) parts.push({ keys: batch.keys.slice(i, i + CHUNK), entities: [], services: [] });
    for (let i = 0; i < batch.entities.length; i += CHUNK) parts.push({ keys: [], entities: batch.entities.slice(i, i + CHUNK), services: [] });
    for (let i = 0; i < batch.services.length; i += CHUNK) parts.push({ keys: [], entities: [], services: batch.services.slice(i, i + CHUNK) });
    for (const part of parts) {
      await deps.store.transaction((repos) => repos.usage.recordBatch(part));
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Writes what is pending (in short transactions); a failed write is logged and its uses dropped (never retried into an unbounded queue). */
  function flush(): Promise<void> {
    if (flushing) return flushing.then(() => (keys.size + entities.size + services.size > 0 ? flush() : undefined));
    if (keys.size + entities.size + services.size === 0) return Promise.resolve();
    const rows = new Set<IamServiceAccessTable>();
    for (const byAction of services.values()) {
      for (const r of byAction.values()) {
        rows.add(r.service);
        if (r.action) rows.add(r.action);
      }
    }
    const batch: UsageBatch = { keys: [...keys.values()], entities: [...entities.values()], services: [...rows] };
    keys = new Map();
    entities = new Map();
    services = new Map();
    pending = 0;
    flushing = writeInChunks(batch)
      .catch((e: unknown) => deps.logger.error('usage-flush', e))
      .finally(() => {
        flushing = undefined;
      });
    return flushing;
  }

  return {
    record,
    noteRole: (roleId, at, region) => noteEntity(roleId, at, region),
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
