/**
 * Throttles repeated MFA failures: after MAX_FAILURES wrong codes for one device (or one caller) within
 * WINDOW_MS, further attempts are refused without checking the code until the window has passed. Per
 * process (a brute force must still beat 10^6 codes with ~5 guesses a minute per node).
 */
import { Lru } from './lru.js';

const MAX_FAILURES = 5;
const WINDOW_MS = 60_000;

interface Entry {
  failures: number;
  since: number;
}

export class MfaLimiter {
  private readonly entries = new Lru<string, Entry>(50_000);

  /** True while the key is locked out. */
  blocked(key: string, now: number): boolean {
    const e = this.entries.get(key);
    if (!e) return false;
    if (now - e.since >= WINDOW_MS) {
      this.entries.delete(key);
      return false;
    }
    return e.failures >= MAX_FAILURES;
  }

  failed(key: string, now: number): void {
    const e = this.entries.get(key);
    if (!e || now - e.since >= WINDOW_MS) this.entries.set(key, { failures: 1, since: now });
    else e.failures++;
  }

  succeeded(key: string): void {
    this.entries.delete(key);
  }
}
