/**
 * Trail delivery: every --trail-delivery-interval, the one server holding the `cloudtrail-delivery` lease
 * writes each logging trail's new records (those its selectors select) as a gzipped `{"Records": [...]}` log
 * file into the trail's bucket, through S3's own object writes, and every --trail-digest-interval a signed
 * digest file for trails with log file validation (AWS's key layouts and digest format: CloudTrail User Guide,
 * "Finding your CloudTrail log files" and "CloudTrail digest file structure").
 *
 * No record is lost or delivered twice: a record is read only once it is older than the settle window (the
 * longest a call's record can take to be written: --request-timeout plus the recorder's flush), the trail's
 * progress (the last delivered record) commits after its file is written, and the file's key and last record
 * are stored before it is written, so a restart rewrites the same key with the same records.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Deps } from '../../server/deps.js';
import type { AuditTrailsTable } from '../../store/schema-audit.js';
import { findBucket, putServiceObject } from '../s3/api.js';
import { FLUSH_EVERY_MS } from './recorder.js';
import { followSelection } from './selection.js';
import { currentSigningKey, signWith } from './signing.js';
import { bucketPolicyAllows, delivers, settingsOf, trailArn, type TrailSettings } from './trails.js';

/** Records a log file holds at most (a delivery writes as many files as it needs). */
const FILE_RECORDS = 5000;

interface Position {
  time: number;
  id: string;
}

interface LogFileEntry {
  s3Bucket: string;
  s3Object: string;
  hashValue: string;
  oldest: number;
  newest: number;
}

/** audit_trails.delivery. */
export interface DeliveryState {
  /** The log file being written: its key and last record (a restart rewrites exactly it). */
  pending?: { key: string; to: Position };
  /** Log files delivered since the last digest (validation on). */
  logs: LogFileEntry[];
  /** The next digest's start (validation on). */
  digestStart?: number;
  previous?: { bucket: string; key: string; hash: string; signature: string };
  lastDigestAt?: number;
  digestError?: string;
  attemptAt?: number;
}

export const stateOf = (t: AuditTrailsTable): DeliveryState => (t.delivery ? (JSON.parse(t.delivery) as DeliveryState) : { logs: [] });

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (d: Date) => `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}`;
const compact = (d: Date, seconds: boolean) =>
  `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${seconds ? pad(d.getUTCSeconds()) : ''}Z`;
export const isoSecond = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const randomName = () => [...randomBytes(16)].map((b) => ALNUM[b % ALNUM.length]).join('');

/** `[prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 chars>.json.gz` */
export function logKey(t: AuditTrailsTable, at: number): string {
  const d = new Date(at);
  const key = `AWSLogs/${t.account_id}/CloudTrail/${t.region}/${ymd(d)}/${t.account_id}_CloudTrail_${t.region}_${compact(d, false)}_${randomName()}.json.gz`;
  return t.prefix ? `${t.prefix}/${key}` : key;
}

/** `[prefix/]AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_<region>_<YYYYMMDDTHHmmssZ>.json.gz` */
export function digestKey(t: AuditTrailsTable, at: number): string {
  const d = new Date(at);
  const key = `AWSLogs/${t.account_id}/CloudTrail-Digest/${t.region}/${ymd(d)}/${t.account_id}_CloudTrail-Digest_${t.region}_${t.name}_${t.region}_${compact(d, true)}.json.gz`;
  return t.prefix ? `${t.prefix}/${key}` : key;
}

const errorCode = (e: unknown) => (e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : 'InternalError');
const isAfter = (a: Position, b: Position) => a.time > b.time || (a.time === b.time && a.id > b.id);

/** Whether the trail may still be written to: its bucket exists and its policy still lets CloudTrail write. */
async function writable(deps: Deps, t: AuditTrailsTable): Promise<void> {
  const b = await findBucket(deps.store, t.bucket);
  if (!b) throw Object.assign(new Error(`The bucket ${t.bucket} does not exist`), { code: 'NoSuchBucket' });
  if (!bucketPolicyAllows(b.policy, b.account_id, t.bucket, t.prefix, t.account_id, trailArn(t.region, t.account_id, t.name))) {
    throw Object.assign(new Error(`The bucket policy of ${t.bucket} does not let CloudTrail write`), { code: 'AccessDenied' });
  }
}

/**
 * Delivers the trail's settled records up to `until`, a file of at most FILE_RECORDS records at a time; the
 * delivery lease is renewed before each file (`renew` false: another server holds it now, so stop).
 */
async function deliverLogs(deps: Deps, t: AuditTrailsTable, s: TrailSettings, st: DeliveryState, until: number, now: number, renew: () => Promise<boolean>): Promise<void> {
  let from: Position = { time: t.delivered_time, id: t.delivered_id };
  for (;;) {
    if (!(await renew())) return;
    const redo = st.pending;
    const rows = (await deps.store.repos.audit.after(t.account_id, from, redo ? redo.to.time : until, FILE_RECORDS)).filter((r) => !redo || !isAfter({ time: r.event_time, id: r.event_id }, redo.to));
    if (rows.length === 0 && !redo) return;
    const lastRow = rows[rows.length - 1];
    const to = redo?.to ?? { time: lastRow!.event_time, id: lastRow!.event_id };
    const selected = rows.map((r) => ({ r, record: JSON.parse(r.record) as Record<string, unknown> })).filter((x) => delivers(s, x.record, x.r.management === 1, x.r.event_time));
    let delivered = false;
    if (selected.length > 0) {
      const key = redo?.key ?? logKey(t, now);
      if (!redo) {
        st.pending = { key, to };
        await deps.store.repos.audit.updateTrail(t.account_id, t.name, { delivery: JSON.stringify(st) });
      }
      const json = Buffer.from(JSON.stringify({ Records: selected.map((x) => x.record) }));
      await putServiceObject(deps, { bucket: t.bucket, key, bytes: gzipSync(json), contentType: 'application/json', headers: { 'content-encoding': 'gzip' } });
      if (s.validation) st.logs.push({ s3Bucket: t.bucket, s3Object: key, hashValue: sha256(json), oldest: selected[0]!.r.event_time, newest: selected[selected.length - 1]!.r.event_time });
      delivered = true;
    }
    st.pending = undefined;
    st.attemptAt = now;
    from = to;
    await deps.store.repos.audit.updateTrail(t.account_id, t.name, {
      delivered_time: to.time,
      delivered_id: to.id,
      delivery: JSON.stringify(st),
      last_delivery_error: null,
      ...(delivered ? { last_delivery_at: now } : {}),
    });
    if (!redo && rows.length < FILE_RECORDS) return;
  }
}

/** Writes the digest of the log files delivered since the last one, signed, chained to the previous digest. */
async function deliverDigest(deps: Deps, t: AuditTrailsTable, st: DeliveryState, now: number): Promise<void> {
  const end = Math.floor(now / 1000) * 1000;
  const key = digestKey(t, end);
  const signing = await currentSigningKey(deps, t.region, now);
  const prev = st.previous;
  const logs = st.logs;
  const digest = {
    awsAccountId: t.account_id,
    digestStartTime: isoSecond(st.digestStart!),
    digestEndTime: isoSecond(end),
    digestS3Bucket: t.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: signing.fingerprint,
    digestSignatureAlgorithm: 'SHA256withRSA',
    newestEventTime: logs.length > 0 ? isoSecond(Math.max(...logs.map((l) => l.newest))) : null,
    oldestEventTime: logs.length > 0 ? isoSecond(Math.min(...logs.map((l) => l.oldest))) : null,
    previousDigestS3Bucket: prev?.bucket ?? null,
    previousDigestS3Object: prev?.key ?? null,
    previousDigestHashValue: prev?.hash ?? null,
    previousDigestHashAlgorithm: prev ? 'SHA-256' : null,
    previousDigestSignature: prev?.signature ?? null,
    logFiles: logs.map((l) => ({ s3Bucket: l.s3Bucket, s3Object: l.s3Object, hashValue: l.hashValue, hashAlgorithm: 'SHA-256', newestEventTime: isoSecond(l.newest), oldestEventTime: isoSecond(l.oldest) })),
  };
  const json = Buffer.from(JSON.stringify(digest));
  const hash = sha256(json);
  // What validate-logs verifies (awscli's Sha256RSADigestValidator): end time, bucket/key, the digest's hash, the previous signature.
  const signature = await signWith(deps, signing, Buffer.from(`${digest.digestEndTime}\n${t.bucket}/${key}\n${hash}\n${prev?.signature ?? 'null'}`));
  await putServiceObject(deps, {
    bucket: t.bucket,
    key,
    bytes: gzipSync(json),
    contentType: 'application/json',
    headers: { 'content-encoding': 'gzip', 'x-amz-meta-signature': signature, 'x-amz-meta-signature-algorithm': 'SHA256withRSA' },
  });
  st.previous = { bucket: t.bucket, key, hash, signature };
  st.logs = [];
  st.digestStart = end;
  st.lastDigestAt = now;
  st.digestError = undefined;
}

/** One trail's delivery and, when due, its digest; failures are recorded in the trail (GetTrailStatus). */
async function deliverTrail(deps: Deps, t: AuditTrailsTable, now: number, settle: number, digestEvery: number, renew: () => Promise<boolean>): Promise<void> {
  const s = settingsOf(t);
  const st = stateOf(t);
  const until = Math.min(now - settle, t.logging === 1 ? Infinity : (s.stoppedAt ?? 0));
  try {
    await writable(deps, t);
    await deliverLogs(deps, t, s, st, until, now, renew);
  } catch (e) {
    st.attemptAt = now;
    await deps.store.repos.audit.updateTrail(t.account_id, t.name, { delivery: JSON.stringify(st), last_delivery_error: errorCode(e) });
    deps.logger.error('cloudtrail-delivery', e);
    return;
  }
  if (!s.validation) {
    if (st.digestStart === undefined && st.logs.length === 0) return;
    st.digestStart = undefined;
    st.logs = [];
  } else if (st.digestStart === undefined) {
    st.digestStart = now;
  } else if (now - st.digestStart >= digestEvery && (t.logging === 1 || st.logs.length > 0)) {
    try {
      await deliverDigest(deps, t, st, now);
    } catch (e) {
      st.digestError = errorCode(e);
      deps.logger.error('cloudtrail-digest', e);
    }
  } else return;
  await deps.store.repos.audit.updateTrail(t.account_id, t.name, { delivery: JSON.stringify(st) });
}

const holder = randomBytes(12).toString('hex');

/** One delivery round over every trail with something to deliver. */
export async function deliverTrails(deps: Deps, o: { settleMs: number; digestMs: number; leaseMs: number }): Promise<void> {
  const now = deps.clock.now();
  // Renewed before each file, so a long round never outlives the lease (two deliverers of one trail at once).
  const renew = () => {
    const at = deps.clock.now();
    return deps.store.repos.lifecycle.takeLease('cloudtrail-delivery', holder, at, at + o.leaseMs);
  };
  if (!(await renew())) return;
  await deps.audit?.flush();
  for (const t of await deps.store.repos.audit.listTrails()) {
    const s = settingsOf(t);
    if (!(t.logging === 1 || t.delivered_time < (s.stoppedAt ?? 0) || stateOf(t).pending)) continue;
    if (!(await renew())) return;
    await deliverTrail(deps, t, now, o.settleMs, o.digestMs, renew);
  }
}

/**
 * Starts the periodic delivery; returns its stop function. The settle window: a record's `eventTime` is its
 * request's start, and its row is written within the request's time (at most --request-timeout, 300 s when
 * unlimited) plus two recorder flushes.
 */
export function startTrailDelivery(deps: Deps): () => void {
  const every = deps.config.trailDeliveryIntervalMs;
  const settleMs = (deps.config.requestTimeoutMs || 300_000) + 2 * FLUSH_EVERY_MS;
  // The recorder's data-event predicate reads the trails' selectors from memory: loaded now, and read again
  // whenever any server announces a trail change (selection.ts), at the latest every cache TTL.
  const unfollow = followSelection(deps);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    deliverTrails(deps, { settleMs, digestMs: deps.config.trailDigestIntervalMs, leaseMs: Math.max(every * 3, 15_000) })
      .catch((e: unknown) => deps.logger.error('cloudtrail-delivery', e))
      .finally(() => {
        running = false;
      });
  }, every);
  timer.unref();
  return () => {
    clearInterval(timer);
    unfollow();
  };
}
