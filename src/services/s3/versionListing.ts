/**
 * ListObjectVersions as a range scan: every version in (key, newest first) order, resumed after a key (or
 * after one version of it), a delimiter folding keys into common prefixes that the scan jumps past, MaxKeys
 * counting versions, delete markers and prefixes together.
 */
import { VERSION_POSITION, type ListedVersion, type ObjectsRepo, type VersionPosition } from '../../store/repos/s3Objects.js';
import { commonPrefixOf, compareKeys, prefixSuccessor } from './listing.js';

export interface VersionListRequest {
  bucket: string;
  prefix: string;
  delimiter: string;
  maxKeys: number;
  keyMarker: string;
  versionIdMarker: string;
}

export interface VersionListPage {
  versions: ListedVersion[];
  commonPrefixes: string[];
  truncated: boolean;
  /** Where the next page starts: the last key or prefix returned, and the version when it was one. */
  next: { key: string; versionId?: string } | undefined;
}

const BATCH = 1000;
const SMALL_BATCH = 8;

async function startPosition(objects: ObjectsRepo, r: VersionListRequest): Promise<VersionPosition> {
  if (!r.keyMarker || compareKeys(r.keyMarker, r.prefix) < 0) return { key: r.prefix, seq: VERSION_POSITION.before };
  if (r.versionIdMarker) {
    const at = await objects.positionOf(r.bucket, r.keyMarker, r.versionIdMarker);
    if (at) return at;
  }
  return { key: r.keyMarker, seq: VERSION_POSITION.after };
}

export async function listVersions(objects: ObjectsRepo, r: VersionListRequest): Promise<VersionListPage> {
  const versions: ListedVersion[] = [];
  const commonPrefixes: string[] = [];
  const upper = r.prefix ? prefixSuccessor(r.prefix) : undefined;
  let next: VersionListPage['next'];
  if (r.maxKeys === 0) return { versions, commonPrefixes, truncated: false, next };
  let pos = await startPosition(objects, r);
  let batch = r.delimiter ? SMALL_BATCH : BATCH;
  const done = (truncated: boolean) => ({ versions, commonPrefixes, truncated, next });
  for (;;) {
    const rows = await objects.scanVersions(r.bucket, pos, upper, Math.min(batch, r.maxKeys - versions.length - commonPrefixes.length + 1));
    if (rows.length === 0) return done(false);
    let jumped = false;
    for (const row of rows) {
      const cp = commonPrefixOf(row.key, r.prefix, r.delimiter);
      // A prefix at or before the key marker was returned on an earlier page.
      const seen = cp !== undefined && r.keyMarker !== '' && compareKeys(cp, r.keyMarker) <= 0;
      if (!seen && versions.length + commonPrefixes.length >= r.maxKeys) return done(true);
      if (cp !== undefined) {
        if (!seen) {
          commonPrefixes.push(cp);
          next = { key: cp };
        }
        const after = prefixSuccessor(cp);
        if (after === undefined) return done(false);
        pos = { key: after, seq: VERSION_POSITION.before };
        jumped = true;
        break;
      }
      versions.push(row);
      next = { key: row.key, versionId: row.version_id };
    }
    if (!jumped) {
      const last = rows[rows.length - 1]!;
      pos = { key: last.key, seq: last.seq };
      batch = Math.min(BATCH, batch * 2);
    } else if (r.delimiter) batch = SMALL_BATCH;
  }
}
