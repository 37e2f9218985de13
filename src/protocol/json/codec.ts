/**
 * The awsJson1_1 codec (CloudTrail; any service whose botocore model says `"protocol": "json"`): the
 * request body is one JSON object following the operation's input shape; the answer is one JSON object
 * following its output shape. Members keep the model's names; timestamps are epoch seconds (numbers, as the
 * SDKs send and read them), blobs base64. Input is checked against the model's constraints and types, every
 * violation reported at once (protocol/constraints.ts), as `ValidationException`.
 */
import { Problems } from '../constraints.js';
import { shapeOf, type ServiceModel, type Shape } from '../query/model.js';

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

class JsonDecoder {
  readonly problems = new Problems();
  constructor(private readonly model: ServiceModel) {}

  value(v: unknown, shape: Shape, path: string): unknown {
    if (v === null) return undefined;
    switch (shape.type) {
      case 'structure': {
        if (typeof v !== 'object' || Array.isArray(v)) return this.wrongType(v, shape, path, 'be a structure');
        const obj = v as Record<string, unknown>;
        const out: Record<string, unknown> = {};
        for (const [name, ref] of Object.entries(shape.members ?? {})) {
          const memberPath = path ? `${path}.${lowerFirst(name)}` : lowerFirst(name);
          const ms = shapeOf(this.model, ref.shape);
          const child = Object.hasOwn(obj, name) ? obj[name] : undefined;
          if (child === undefined || child === null) {
            if (shape.required?.includes(name)) this.problems.fail(memberPath, ms, null, 'not be null');
            continue;
          }
          const d = this.value(child, ms, memberPath);
          if (d !== undefined) out[name] = d;
        }
        return out;
      }
      case 'list': {
        if (!Array.isArray(v)) return this.wrongType(v, shape, path, 'be a list');
        const ms = shapeOf(this.model, shape.member!.shape);
        const out = v.map((item, i) => this.value(item, ms, `${path}.${i + 1}.member`));
        this.problems.length(out.length, String(out.length), shape, path);
        return out;
      }
      case 'map': {
        if (typeof v !== 'object' || Array.isArray(v)) return this.wrongType(v, shape, path, 'be a map');
        const ks = shapeOf(this.model, shape.key!.shape);
        const vs = shapeOf(this.model, shape.value!.shape);
        const out: Record<string, unknown> = {};
        for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
          this.problems.string(k, ks, `${path}.key`);
          out[k] = this.value(item, vs, `${path}.${k}.value`);
        }
        this.problems.length(Object.keys(out).length, String(Object.keys(out).length), shape, path);
        return out;
      }
      case 'string':
        if (typeof v !== 'string') return this.wrongType(v, shape, path, 'be a string');
        this.problems.string(v, shape, path);
        return v;
      case 'integer':
      case 'long':
        if (typeof v !== 'number' || !Number.isInteger(v)) return this.wrongType(v, shape, path, 'be a number');
        this.problems.range(v, String(v), shape, path);
        return v;
      case 'double':
      case 'float':
        if (typeof v !== 'number' || !Number.isFinite(v)) return this.wrongType(v, shape, path, 'be a number');
        return v;
      case 'boolean':
        if (typeof v !== 'boolean') return this.wrongType(v, shape, path, 'be a boolean');
        return v;
      case 'timestamp': {
        const t = typeof v === 'number' ? v * 1000 : typeof v === 'string' ? (/^\d+(\.\d+)?$/.test(v) ? Number(v) * 1000 : Date.parse(v)) : NaN;
        if (!Number.isFinite(t)) return this.wrongType(v, shape, path, 'be a timestamp');
        return new Date(t);
      }
      case 'blob':
        if (typeof v !== 'string') return this.wrongType(v, shape, path, 'be a base64 string');
        return Buffer.from(v, 'base64');
      default:
        return v;
    }
  }

  private wrongType(v: unknown, shape: Shape, path: string, constraint: string): undefined {
    const raw = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
    this.problems.fail(path, shape, raw.length > 100 ? `${raw.slice(0, 100)}…` : raw, constraint);
    return undefined;
  }
}

/**
 * The operation's typed input from the request's JSON body (an empty body is `{}`). Throws `SerializationException`
 * for a body that is not a JSON object, `ValidationException` listing every violated constraint.
 */
export function decodeJsonInput(model: ServiceModel, inputShape: string | undefined, body: unknown): Record<string, unknown> {
  if (!inputShape) return {};
  const d = new JsonDecoder(model);
  const out = d.value(body, shapeOf(model, inputShape), '') as Record<string, unknown> | undefined;
  d.problems.throwIfAny('ValidationException');
  return out ?? {};
}

function encodeValue(model: ServiceModel, shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const obj = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = encodeValue(model, shapeOf(model, ref.shape), obj[name]);
        if (v !== undefined) out[name] = v;
      }
      return out;
    }
    case 'list': {
      const ms = shapeOf(model, shape.member!.shape);
      return (value as unknown[]).map((item) => encodeValue(model, ms, item) ?? null);
    }
    case 'map': {
      const vs = shapeOf(model, shape.value!.shape);
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      return Object.fromEntries(entries.map(([k, v]) => [String(k), encodeValue(model, vs, v)]));
    }
    case 'timestamp': {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
      return ms / 1000;
    }
    case 'blob':
      return Buffer.isBuffer(value) ? value.toString('base64') : String(value);
    case 'boolean':
      return Boolean(value);
    case 'integer':
    case 'long':
    case 'double':
    case 'float':
      return Number(value);
    default:
      return String(value);
  }
}

/** The answer's JSON text for a successful call (`{}` when the operation has no output). */
export function encodeJsonOutput(model: ServiceModel, outputShape: string | undefined, result: unknown): string {
  if (!outputShape) return '{}';
  return JSON.stringify(encodeValue(model, shapeOf(model, outputShape), result ?? {}) ?? {});
}

/** AWS's JSON error document: `__type` (the error's code) and `message`. */
export function encodeJsonError(code: string, message: string): string {
  return JSON.stringify({ __type: code, message });
}
