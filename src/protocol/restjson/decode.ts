/**
 * restJson1 input decoding: the operation's input shape filled from where the model says each member
 * travels — a URI label, the query string, a header, or the JSON body — and validated against the model's
 * constraints (required, type, enum, length and range, pattern, unions). Every violation is reported at once,
 * worded as AWS's JSON services word them:
 *   1 validation error detected: Value 'X' at 'policyType' failed to satisfy constraint: Member must satisfy enum value set: [A, B]
 */
import { restShape, type RestMemberRef, type RestServiceModel, type RestShape } from './model.js';
import { serializationException, validationException } from './errors.js';

export interface RestJsonRequest {
  labels: Record<string, string>;
  query: URLSearchParams;
  header(name: string): string | undefined;
  body: Buffer;
}

const patternCache = new Map<string, RegExp | null>();
function compiledPattern(pattern: string): RegExp | null {
  let re = patternCache.get(pattern);
  if (re === undefined) {
    try {
      // Patterns come from AWS's service model (trusted data), never from requests.
      re = new RegExp(`^(?:${pattern})$`, 'su');
    } catch {
      re = null;
    }
    patternCache.set(pattern, re);
  }
  return re;
}

/** Bounds on what a JSON body may nest (it is read before nothing else limits it). */
const MAX_DEPTH = 64;

class Decoder {
  readonly problems: { name: string; message: string }[] = [];
  constructor(private readonly model: RestServiceModel) {}

  private fail(path: string, shape: RestShape, value: unknown, constraint: string) {
    const shown = value === null || value === undefined ? 'Value null' : shape.sensitive || typeof value === 'object' ? 'Value' : `Value '${String(value)}'`;
    this.problems.push({ name: path, message: `${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}` });
  }

  /** A value from the JSON body, checked against its shape. */
  value(v: unknown, ref: RestMemberRef, path: string, depth: number): unknown {
    const shape = restShape(this.model, ref.shape);
    if (v === null || v === undefined) return undefined;
    if (depth > MAX_DEPTH) {
      this.fail(path, shape, v, 'not nest deeper than 64 levels');
      return undefined;
    }
    switch (shape.type) {
      case 'structure':
        if (typeof v !== 'object' || Array.isArray(v)) return this.typeFail(path, shape, v, 'structure');
        return this.structure(v as Record<string, unknown>, shape, path, depth + 1);
      case 'list': {
        if (!Array.isArray(v)) return this.typeFail(path, shape, v, 'list');
        this.length(path, shape, v, v.length);
        return v.map((item, i) => this.value(item, shape.member!, `${path}.${i + 1}.member`, depth + 1));
      }
      case 'map': {
        if (typeof v !== 'object' || Array.isArray(v)) return this.typeFail(path, shape, v, 'map');
        const out: Record<string, unknown> = {};
        const entries = Object.entries(v as Record<string, unknown>);
        this.length(path, shape, v, entries.length);
        for (const [k, val] of entries) {
          this.scalarString(k, restShape(this.model, shape.key!.shape), `${path}.key`);
          out[k] = this.value(val, shape.value!, `${path}.${k}`, depth + 1);
        }
        return out;
      }
      case 'string':
        if (typeof v !== 'string') return this.typeFail(path, shape, v, 'string');
        this.scalarString(v, shape, path);
        return v;
      case 'integer':
      case 'long':
        if (typeof v !== 'number' || !Number.isInteger(v)) return this.typeFail(path, shape, v, shape.type);
        this.range(path, shape, v);
        return v;
      case 'double':
      case 'float':
        if (typeof v !== 'number') return this.typeFail(path, shape, v, shape.type);
        this.range(path, shape, v);
        return v;
      case 'boolean':
        if (typeof v !== 'boolean') return this.typeFail(path, shape, v, 'boolean');
        return v;
      case 'timestamp':
        if (typeof v === 'number') return new Date(v * 1000);
        if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) return new Date(v);
        return this.typeFail(path, shape, v, 'timestamp');
      case 'blob':
        if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return this.typeFail(path, shape, v, 'base64 blob');
        return Buffer.from(v, 'base64');
    }
  }

  private typeFail(path: string, shape: RestShape, v: unknown, what: string): undefined {
    this.fail(path, shape, v, `be a ${what}`);
    return undefined;
  }

  private length(path: string, shape: RestShape, v: unknown, n: number) {
    if (shape.min !== undefined && n < shape.min) this.fail(path, shape, v, `have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) this.fail(path, shape, v, `have length less than or equal to ${shape.max}`);
  }

  private range(path: string, shape: RestShape, n: number) {
    if (shape.min !== undefined && n < shape.min) this.fail(path, shape, n, `have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) this.fail(path, shape, n, `have value less than or equal to ${shape.max}`);
  }

  private scalarString(v: string, shape: RestShape, path: string) {
    if (shape.enum && !shape.enum.includes(v)) {
      this.fail(path, shape, v, `satisfy enum value set: [${shape.enum.join(', ')}]`);
      return;
    }
    this.length(path, shape, v, [...v].length);
    if (shape.pattern) {
      const re = compiledPattern(shape.pattern);
      if (re && !re.test(v)) this.fail(path, shape, v, `satisfy regular expression pattern: ${shape.pattern}`);
    }
  }

  structure(obj: Record<string, unknown>, shape: RestShape, prefix: string, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const key = ref.locationName ?? name;
      if (!Object.hasOwn(obj, key)) continue;
      const v = this.value(obj[key], ref, prefix ? `${prefix}.${name}` : name, depth);
      if (v !== undefined) out[name] = v;
    }
    this.requiredAndUnion(out, shape, prefix);
    return out;
  }

  requiredAndUnion(out: Record<string, unknown>, shape: RestShape, prefix: string) {
    for (const name of shape.required ?? []) {
      if (out[name] === undefined) this.fail(prefix ? `${prefix}.${name}` : name, restShape(this.model, shape.members![name]!.shape), null, 'not be null');
    }
    if (shape.union) {
      const set = Object.keys(out).length;
      if (set !== 1) this.problems.push({ name: prefix, message: `Value at '${prefix}' failed to satisfy constraint: Member must have exactly one member set, not ${set}` });
    }
  }

  /** A scalar from the URI, the query string or a header (text on the wire). */
  text(raw: string, ref: RestMemberRef, path: string): unknown {
    const shape = restShape(this.model, ref.shape);
    switch (shape.type) {
      case 'string':
        if (ref.jsonvalue) {
          try {
            return JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
          } catch {
            return this.typeFail(path, shape, raw, 'base64-encoded JSON value');
          }
        }
        this.scalarString(raw, shape, path);
        return raw;
      case 'integer':
      case 'long': {
        if (!/^-?\d+$/.test(raw)) return this.typeFail(path, shape, raw, shape.type);
        const n = Number(raw);
        this.range(path, shape, n);
        return n;
      }
      case 'double':
      case 'float': {
        const n = Number(raw);
        if (raw.trim() === '' || Number.isNaN(n)) return this.typeFail(path, shape, raw, shape.type);
        return n;
      }
      case 'boolean':
        if (raw !== 'true' && raw !== 'false') return this.typeFail(path, shape, raw, 'boolean');
        return raw === 'true';
      case 'timestamp': {
        const t = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
        if (Number.isNaN(t)) return this.typeFail(path, shape, raw, 'timestamp');
        return new Date(t);
      }
      default:
        return this.typeFail(path, shape, raw, shape.type);
    }
  }
}

/** The typed input of an operation, or a ValidationException / SerializationException. */
export function decodeRestJson(model: RestServiceModel, inputShape: string | undefined, req: RestJsonRequest): Record<string, unknown> {
  if (!inputShape) return {};
  const shape = restShape(model, inputShape);
  const d = new Decoder(model);
  const out: Record<string, unknown> = {};
  const bodyMembers: Record<string, RestMemberRef> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const wire = ref.locationName ?? name;
    switch (ref.location) {
      case 'uri': {
        const raw = req.labels[wire];
        if (raw !== undefined) out[name] = d.text(raw, ref, name);
        break;
      }
      case 'querystring': {
        const s = restShape(model, ref.shape);
        if (s.type === 'list') {
          const all = req.query.getAll(wire);
          if (all.length > 0) out[name] = all.map((v, i) => d.text(v, s.member!, `${name}.${i + 1}.member`));
        } else if (s.type === 'map') {
          const m: Record<string, string> = {};
          for (const [k, v] of req.query) if (!Object.values(shape.members ?? {}).some((r) => r.location === 'querystring' && (r.locationName ?? '') === k)) m[k] = v;
          if (Object.keys(m).length > 0) out[name] = m;
        } else {
          const raw = req.query.get(wire);
          if (raw !== null) out[name] = d.text(raw, ref, name);
        }
        break;
      }
      case 'header': {
        const raw = req.header(wire);
        if (raw !== undefined) out[name] = d.text(raw, ref, name);
        break;
      }
      case 'headers':
      case 'statusCode':
        break;
      default:
        bodyMembers[name] = ref;
    }
  }
  if (Object.keys(bodyMembers).length > 0 && req.body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(req.body.toString('utf8'));
    } catch {
      throw serializationException('Start of structure or map found where not expected, or the body is not JSON.');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw serializationException('The request body must be a JSON object.');
    Object.assign(out, d.structure(parsed as Record<string, unknown>, { type: 'structure', members: bodyMembers }, '', 1));
  }
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  d.requiredAndUnion(out, { type: 'structure', members: shape.members, required: shape.required }, '');
  if (d.problems.length > 0) {
    const n = d.problems.length;
    throw validationException(`${n} validation error${n === 1 ? '' : 's'} detected: ${d.problems.map((p) => p.message).join('; ')}`, 'fieldValidationFailed', d.problems);
  }
  return out;
}
