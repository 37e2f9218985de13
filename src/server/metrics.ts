/**
 * Prometheus metrics: requests by service, operation and status; a latency histogram; authentication
 * failures by reason. Rendered as text by GET /_metrics.
 */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Distinct (service, operation) pairs kept; beyond it every new pair counts as operation "unknown". */
const MAX_SERIES = 2000;

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly authFailures = new Map<string, number>();
  private readonly histogram = new Map<string, { counts: number[]; sum: number; count: number }>();
  private readonly started = Date.now();

  observe(service: string, operation: string, status: number, seconds: number) {
    if (operation.length > 128 || (this.histogram.size >= MAX_SERIES && !this.histogram.has(`${service}\u0000${operation}`))) operation = 'unknown';
    const key = `${service}\u0000${operation}\u0000${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const hk = `${service}\u0000${operation}`;
    let h = this.histogram.get(hk);
    if (!h) this.histogram.set(hk, (h = { counts: new Array(BUCKETS.length).fill(0), sum: 0, count: 0 }));
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  authFailure(reason: string) {
    this.authFailures.set(reason, (this.authFailures.get(reason) ?? 0) + 1);
  }

  render(): string {
    const out: string[] = [];
    out.push('# HELP tessera_requests_total Requests answered, by service, operation and HTTP status.');
    out.push('# TYPE tessera_requests_total counter');
    for (const [k, v] of this.requests) {
      const [s, o, st] = k.split('\u0000');
      out.push(`tessera_requests_total{service="${label(s!)}",operation="${label(o!)}",status="${st}"} ${v}`);
    }
    out.push('# HELP tessera_request_duration_seconds Time from request to response.');
    out.push('# TYPE tessera_request_duration_seconds histogram');
    for (const [k, h] of this.histogram) {
      const [s, o] = k.split('\u0000');
      const l = `service="${label(s!)}",operation="${label(o!)}"`;
      BUCKETS.forEach((b, i) => out.push(`tessera_request_duration_seconds_bucket{${l},le="${b}"} ${h.counts[i]}`));
      out.push(`tessera_request_duration_seconds_bucket{${l},le="+Inf"} ${h.count}`);
      out.push(`tessera_request_duration_seconds_sum{${l}} ${h.sum}`);
      out.push(`tessera_request_duration_seconds_count{${l}} ${h.count}`);
    }
    out.push('# HELP tessera_auth_failures_total Requests refused by authentication, by reason (AWS error code).');
    out.push('# TYPE tessera_auth_failures_total counter');
    for (const [k, v] of this.authFailures) out.push(`tessera_auth_failures_total{reason="${label(k)}"} ${v}`);
    out.push('# HELP tessera_uptime_seconds Seconds since the server started.');
    out.push('# TYPE tessera_uptime_seconds gauge');
    out.push(`tessera_uptime_seconds ${(Date.now() - this.started) / 1000}`);
    return out.join('\n') + '\n';
  }
}
