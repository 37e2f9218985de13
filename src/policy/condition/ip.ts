// IpAddress / NotIpAddress: IPv4 and IPv6 addresses and CIDR ranges (no prefix = /32 or /128).
import type { ValueMatcher } from './types.js';

/** An address as four 32-bit words (IPv4 uses the last word only), or null. */
export interface Ip {
  readonly v6: boolean;
  readonly w: readonly [number, number, number, number];
}

export function parseIpv4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const x = Number(p);
    if (x > 255) return null;
    n = n * 256 + x;
  }
  return n;
}

export function parseIp(s: string): Ip | null {
  const t = s.trim();
  if (!t.includes(':')) {
    const v4 = parseIpv4(t);
    return v4 === null ? null : { v6: false, w: [0, 0, 0, v4] };
  }
  let text = t;
  const groups: number[] = [];
  let tail: number[] = [];
  if (text.includes('.')) {
    // An embedded IPv4 tail (e.g. ::ffff:192.0.2.1).
    const lastColon = text.lastIndexOf(':');
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (v4 === null) return null;
    tail = [v4 >>> 16, v4 & 0xffff];
    text = text.slice(0, lastColon + 1);
    if (!text.endsWith('::')) text = text.slice(0, -1);
  }
  const dbl = text.indexOf('::');
  if (dbl !== text.lastIndexOf('::')) return null;
  const parseGroups = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const want = 8 - tail.length;
  if (dbl >= 0) {
    const left = parseGroups(text.slice(0, dbl));
    const right = parseGroups(text.slice(dbl + 2));
    if (!left || !right || left.length + right.length > want - 1) return null;
    groups.push(...left);
    for (let k = left.length + right.length; k < want; k++) groups.push(0);
    groups.push(...right);
  } else {
    const all = parseGroups(text);
    if (!all || all.length !== want) return null;
    groups.push(...all);
  }
  groups.push(...tail);
  if (groups.length !== 8) return null;
  const w: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) w[i] = ((groups[2 * i]! << 16) | groups[2 * i + 1]!) >>> 0;
  // IPv4-mapped addresses (::ffff:a.b.c.d) compare as IPv4.
  if (w[0] === 0 && w[1] === 0 && w[2] === 0xffff) return { v6: false, w: [0, 0, 0, w[3]] };
  return { v6: true, w };
}

export interface Cidr {
  readonly ip: Ip;
  readonly bits: number;
}

export function parseCidr(s: string): Cidr | null {
  const t = s.trim();
  const slash = t.indexOf('/');
  const ip = parseIp(slash < 0 ? t : t.slice(0, slash));
  if (!ip) return null;
  const max = ip.v6 ? 128 : 32;
  if (slash < 0) return { ip, bits: max };
  const b = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(b) || Number(b) > max) return null;
  return { ip, bits: Number(b) };
}

export function cidrContains(c: Cidr, ip: Ip): boolean {
  if (c.ip.v6 !== ip.v6) return false;
  let bits = c.ip.v6 ? c.bits : c.bits + 96;
  for (let i = 0; i < 4 && bits > 0; i++, bits -= 32) {
    const mask = bits >= 32 ? 0xffffffff : ~(0xffffffff >>> bits) >>> 0;
    if (((c.ip.w[i]! & mask) >>> 0) !== ((ip.w[i]! & mask) >>> 0)) return false;
  }
  return true;
}

export class IpMatcher implements ValueMatcher {
  private readonly ranges: Cidr[];
  constructor(values: readonly string[]) {
    this.ranges = values.map(parseCidr).filter((c): c is Cidr => c !== null);
  }
  matchesAny(requestValue: string): boolean {
    const ip = parseIp(requestValue);
    if (!ip) return false;
    for (const r of this.ranges) if (cidrContains(r, ip)) return true;
    return false;
  }
}

export const ipAddress = (values: readonly string[]) => new IpMatcher(values);
