/**
 * The server's clock. Production reads the system time; tests may start the server with
 * `--unsafe-clock-offset` to move it forward (a loud warning is printed at start) so that expiry can be
 * tested without waiting.
 */
export interface Clock {
  now(): number; // epoch milliseconds
}

export const systemClock: Clock = { now: () => Date.now() };

export class OffsetClock implements Clock {
  constructor(public offsetMs: number) {}
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/** ISO 8601 as AWS writes it in IAM/STS responses: seconds precision, UTC, `Z`. */
export const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
