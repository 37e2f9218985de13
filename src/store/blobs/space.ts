/**
 * Free space in the data directory, so that a full disk never blocks the requests that free it.
 *
 *  - A floor: a write (PutObject, UploadPart, CopyObject, UploadPartCopy, CreateMultipartUpload,
 *    CreateBucket, PutBucketPolicy) that would leave less than `minFreeBytes` free is refused before any
 *    byte is stored, with S3's 503 ServiceUnavailable; a write that still meets a full disk (another process
 *    filled it) gets the same answer, never a 500. Reads and deletes never check it.
 *  - A reserve: a small file kept in the blob directory. When the disk is full anyway and a delete's
 *    metadata commit fails for lack of space (SQLite's WAL grows on the same disk), the reserve is released
 *    and the commit retried once; it is recreated once there is room again.
 */
import { open, statfs, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ServiceError } from '../../core/errors.js';

export const DEFAULT_MIN_FREE_BYTES = 64 * 1024 * 1024;
const RESERVE_BYTES = 4 * 1024 * 1024;

/** ENOSPC from the file system, SQLITE_FULL from the embedded database. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT';
}

/** S3's answer when Tessera cannot take a write now (AWS: "Service is unable to handle request."). */
export const serviceUnavailable = () => new ServiceError('ServiceUnavailable', 'Service is unable to handle request.', 503);

/** Parses TESSERA_S3_MIN_FREE_BYTES (a byte count; unset: the default). */
export function parseMinFreeBytes(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_MIN_FREE_BYTES;
  if (!/^\d{1,15}$/.test(raw)) throw new Error(`TESSERA_S3_MIN_FREE_BYTES must be a number of bytes, not ${JSON.stringify(raw)}`);
  return Number(raw);
}

export class SpaceGuard {
  private readonly reservePath: string;
  private readonly reserveBytes: number;
  /** The reserve was released (or could not be made): try again after the next delete. */
  private missing = true;

  constructor(
    private readonly dir: string,
    readonly minFreeBytes: number,
  ) {
    this.reservePath = join(dir, 'reserve');
    this.reserveBytes = Math.min(RESERVE_BYTES, minFreeBytes);
  }

  async available(): Promise<number> {
    const s = await statfs(this.dir);
    return Number(s.bavail) * Number(s.bsize);
  }

  /**
   * Whether a failure may be the disk's: below the floor (or under 1 MiB when there is no floor). Needed
   * because a SQLITE_FULL inside a transaction can reach us masked by the rollback that follows it.
   */
  async isFull(): Promise<boolean> {
    try {
      return (await this.available()) < Math.max(this.minFreeBytes, 1024 * 1024);
    } catch {
      return false;
    }
  }

  /** Refuses (503) a write of `incoming` bytes that would leave less than the floor free. */
  async admit(incoming = 0): Promise<void> {
    if (this.minFreeBytes === 0) return;
    if ((await this.available()) - incoming < this.minFreeBytes) throw serviceUnavailable();
  }

  /**
   * Creates the reserve file if it is missing and there is room for it above the floor (at start-up, and
   * after a delete once it was released). Best effort; a no-op while the reserve is in place.
   */
  async keepReserve(): Promise<void> {
    if (this.reserveBytes === 0 || !this.missing) return;
    try {
      if ((await this.available()) < this.minFreeBytes + this.reserveBytes) return;
      const fh = await open(this.reservePath, 'wx', 0o600).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'EEXIST') this.missing = false;
        throw e;
      });
      try {
        await fh.write(Buffer.alloc(this.reserveBytes));
        await fh.sync();
      } catch (e) {
        await fh.close();
        await unlink(this.reservePath).catch(() => undefined);
        throw e;
      }
      await fh.close();
      this.missing = false;
    } catch {
      // EEXIST: already there; ENOSPC: not now. The next delete tries again.
    }
  }

  /** Removes the reserve file; false if there was none. */
  async releaseReserve(): Promise<boolean> {
    try {
      await unlink(this.reservePath);
      this.missing = true;
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Runs a delete's metadata commit; if the disk is too full for it, releases the reserve and tries once
   * more. The reserve comes back (when there is room) after the caller has removed the freed blobs.
   */
  async freeing<T>(commit: () => Promise<T>): Promise<T> {
    try {
      return await commit();
    } catch (e) {
      if (!(isDiskFull(e) || (await this.isFull())) || !(await this.releaseReserve())) throw e;
      return await commit();
    }
  }
}
