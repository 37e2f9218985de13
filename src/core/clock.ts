/**
 * The server's clocks. `now()` is the server's time: everything that expires follows it (sessions, MFA
 * windows and code reuse, SAML validity, sign-in tokens, console sessions, presigned URL expiry,
 * aws:CurrentTime). `real()` is the host's time, never moved: a client's signature time is compared with it
 * (the 15-minute skew), and a signature Tessera makes itself (the console's calls) carries it.
 *
 * Production reads the system time for both. A server started with `--test-clock` has a TestClock that
 * `POST /_admin/clock` sets or advances (server/adminClock.ts); `--unsafe-clock-offset S` starts it S
 * seconds ahead. Either is warned loudly at start. The clock is per process: each node of a cluster has its own.
 */
export interface Clock {
  /** The server's time, epoch milliseconds. */
  now(): number;
  /** The host's real time, epoch milliseconds (the signature skew check). */
  real(): number;
}

export const systemClock: Clock = { now: () => Date.now(), real: () => Date.now() };

/** A clock tests move: the server's time is the real time plus an offset that set/advance change. */
export class TestClock implements Clock {
  constructor(private offsetMs = 0) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
  real(): number {
    return Date.now();
  }
  /** The server's time becomes `epochMs` (and runs on from there). */
  set(epochMs: number): void {
    this.offsetMs = epochMs - Date.now();
  }
  /** The server's time moves `ms` ahead. */
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  /** Back to the real time. */
  reset(): void {
    this.offsetMs = 0;
  }
  get offset(): number {
    return this.offsetMs;
  }
}

export const isTestClock = (c: Clock): c is TestClock => c instanceof TestClock;

/** ISO 8601 as AWS writes it in IAM/STS responses: seconds precision, UTC, `Z`. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
