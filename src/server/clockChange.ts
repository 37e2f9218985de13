/**
 * The body of POST /_admin/clock, parsed: a JSON object with exactly one of
 *   {"set": "2030-01-01T00:00:00Z"} or {"set": 1893456000000}   the server's time becomes this (ISO 8601 or epoch ms)
 *   {"advance": "1h"} or {"advance": 901}                         the server's time moves ahead (ms, s, m, h, d; a number: seconds)
 *   {"reset": true}                                              back to the real time
 * Anything else is a ValidationError naming what is wrong; nothing changes.
 */
import { Errors } from '../core/errors.js';

export type ClockChange = { kind: 'set'; epochMs: number } | { kind: 'advance'; ms: number } | { kind: 'reset' };

/** The latest time JavaScript dates hold (year 275760). */
const MAX_EPOCH_MS = 8.64e15;
/** An advance of at most 100 years. */
const MAX_ADVANCE_MS = 100 * 365 * 86_400_000;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const FORMAT = 'The body must be a JSON object with one of: {"set": "2030-01-01T00:00:00Z" or epoch milliseconds}, {"advance": "1h" or seconds}, {"reset": true}.';

export function parseClockChange(body: string): ClockChange {
  let v: unknown;
  try {
    v = JSON.parse(body);
  } catch {
    throw Errors.validation(`The body is not valid JSON. ${FORMAT}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw Errors.validation(FORMAT);
  const keys = Object.keys(v);
  if (keys.length !== 1) throw Errors.validation(`Give exactly one of set, advance or reset (got ${keys.length === 0 ? 'none' : keys.join(', ')}). ${FORMAT}`);
  const key = keys[0]!;
  const value = (v as Record<string, unknown>)[key];
  if (key === 'set') return { kind: 'set', epochMs: parseInstant(value) };
  if (key === 'advance') return { kind: 'advance', ms: parseDuration(value) };
  if (key === 'reset') {
    if (value !== true) throw Errors.validation('reset must be true.');
    return { kind: 'reset' };
  }
  throw Errors.validation(`Unknown field '${key}'. ${FORMAT}`);
}

function parseInstant(value: unknown): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0 || value > MAX_EPOCH_MS) throw Errors.validation(`set: ${value} is not a whole number of epoch milliseconds (0 to ${MAX_EPOCH_MS}).`);
    return value;
  }
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isFinite(ms) && ms >= 0) return ms;
  }
  throw Errors.validation(`set: ${JSON.stringify(value)} is not an ISO 8601 time with its zone (2030-01-01T00:00:00Z) or epoch milliseconds.`);
}

function parseDuration(value: unknown): number {
  let ms: number | undefined;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value * 1000;
  else if (typeof value === 'string') {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(value.trim());
    if (m) ms = Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
  }
  if (ms === undefined) throw Errors.validation(`advance: ${JSON.stringify(value)} is not a duration such as "90s", "15m", "1h", "2d" or a number of seconds.`);
  if (ms < 0 || ms > MAX_ADVANCE_MS) throw Errors.validation(`advance: ${JSON.stringify(value)} must be between 0 and 100 years (to go back, use set).`);
  return Math.round(ms);
}
