/**
 * restJson1 routing: an operation is found by its HTTP method and its request URI template
 * (`/analyzer/{analyzerName}`, greedy `{key+}`, literal query parts such as `?tagging`), as the model
 * declares them. A template with more literal segments wins over one with fewer (AWS's own rule: the most
 * specific route).
 */
import type { RestOperationModel, RestServiceModel } from './model.js';

interface Segment {
  literal?: string;
  label?: string;
  greedy?: boolean;
}

interface CompiledRoute {
  op: RestOperationModel;
  method: string;
  segments: Segment[];
  /** Literal query parts the request must carry (name → value, '' when only the name). */
  query: [string, string][];
  literals: number;
}

export interface RouteMatch {
  op: RestOperationModel;
  /** The URI labels, percent-decoded. */
  labels: Record<string, string>;
}

function compile(op: RestOperationModel): CompiledRoute {
  const uri = op.http.requestUri;
  const q = uri.indexOf('?');
  const path = q < 0 ? uri : uri.slice(0, q);
  const query: [string, string][] = q < 0 ? [] : [...new URLSearchParams(uri.slice(q + 1))];
  const segments: Segment[] = path
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      const m = /^\{([^}+]+)(\+)?\}$/.exec(s);
      return m ? { label: m[1]!, greedy: m[2] === '+' } : { literal: s };
    });
  return { op, method: op.http.method.toUpperCase(), segments, query, literals: segments.filter((s) => s.literal !== undefined).length + query.length };
}

const routeCache = new WeakMap<RestServiceModel, CompiledRoute[]>();

function routesOf(model: RestServiceModel): CompiledRoute[] {
  let r = routeCache.get(model);
  if (!r) {
    r = Object.values(model.operations).map(compile).sort((a, b) => b.literals - a.literals || b.segments.length - a.segments.length);
    routeCache.set(model, r);
  }
  return r;
}

function decodeSegment(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function matchRoute(r: CompiledRoute, parts: string[], query: URLSearchParams): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  let i = 0;
  for (let s = 0; s < r.segments.length; s++) {
    const seg = r.segments[s]!;
    if (seg.greedy) {
      const rest = parts.slice(i);
      if (rest.length === 0) return undefined;
      const decoded = rest.map(decodeSegment);
      if (decoded.some((d) => d === undefined)) return undefined;
      labels[seg.label!] = decoded.join('/');
      i = parts.length;
      continue;
    }
    const part = parts[i++];
    if (part === undefined) return undefined;
    const decoded = decodeSegment(part);
    if (decoded === undefined) return undefined;
    if (seg.literal !== undefined) {
      if (decoded !== seg.literal) return undefined;
    } else {
      if (decoded === '') return undefined;
      labels[seg.label!] = decoded;
    }
  }
  if (i !== parts.length) return undefined;
  for (const [k, v] of r.query) {
    if (!query.has(k)) return undefined;
    if (v !== '' && query.get(k) !== v) return undefined;
  }
  return labels;
}

/** The operation a request names, or undefined. `path` is the raw (percent-encoded) path. */
export function findRoute(model: RestServiceModel, method: string, path: string, query: URLSearchParams, accept: (op: RestOperationModel) => boolean = () => true): RouteMatch | undefined {
  const parts = path.split('/').filter((s) => s !== '');
  for (const r of routesOf(model)) {
    if (r.method !== method.toUpperCase() || !accept(r.op)) continue;
    const labels = matchRoute(r, parts, query);
    if (labels) return { op: r.op, labels };
  }
  return undefined;
}

/** Whether some operation answers this path with another method (405 rather than 404). */
export function pathKnown(model: RestServiceModel, path: string, query: URLSearchParams): boolean {
  const parts = path.split('/').filter((s) => s !== '');
  return routesOf(model).some((r) => matchRoute(r, parts, query) !== undefined);
}
