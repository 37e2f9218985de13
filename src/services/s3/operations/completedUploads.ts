/**
 * The answers of recently completed multipart uploads, so that a retried CompleteMultipartUpload (the answer
 * was lost, the client asks again) gets the same answer, as S3 gives it, instead of NoSuchUpload. Kept in
 * this process for a window and bounded in number (a retry reaching another server sharing the store, or
 * one after a restart, gets NoSuchUpload).
 */
export interface CompletedUpload {
  bucket: string;
  key: string;
  etag: string;
  headers: Record<string, string>;
  xml: string;
}

export const REPEAT_WINDOW_MS = 15 * 60 * 1000;
const MAX_REMEMBERED = 10_000;

export class CompletedUploads {
  private readonly byId = new Map<string, { at: number; upload: CompletedUpload }>();

  remember(uploadId: string, upload: CompletedUpload, now: number): void {
    this.byId.delete(uploadId);
    this.byId.set(uploadId, { at: now, upload });
    // Oldest first (insertion order): drop what is past the window or beyond the bound.
    for (const [id, e] of this.byId) {
      if (this.byId.size <= MAX_REMEMBERED && now - e.at <= REPEAT_WINDOW_MS) break;
      this.byId.delete(id);
    }
  }

  get(uploadId: string, now: number): CompletedUpload | undefined {
    const e = this.byId.get(uploadId);
    if (!e) return undefined;
    if (now - e.at > REPEAT_WINDOW_MS) {
      this.byId.delete(uploadId);
      return undefined;
    }
    return e.upload;
  }
}

export const completedUploads = new CompletedUploads();
