/** ISO 8601 basic format, as SigV4 writes times: 20150830T123600Z. */
export function toAmzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

let lastText = '';
let lastMs: number | undefined;

/**
 * Parses yyyymmddThhmmssZ strictly (a real calendar date); epoch ms, or undefined when malformed. Requests
 * within one second carry the same text, so the last answer is remembered.
 */
export function parseAmzDate(s: string): number | undefined {
  if (s === lastText) return lastMs;
  const ms = parseAmzDateUncached(s);
  lastText = s;
  lastMs = ms;
  return ms;
}

function parseAmzDateUncached(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, se);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  if (h > 23 || mi > 59 || se > 59) return undefined;
  return ms;
}

/** An HTTP Date header (RFC 7231 IMF-fixdate or the obsolete forms Date.parse accepts), as epoch ms. */
export function parseHttpDate(s: string): number | undefined {
  if (!/[A-Za-z]{3}/.test(s)) return undefined;
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? undefined : ms;
}
