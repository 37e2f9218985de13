/**
 * Query-protocol input decoding: the flat form parameters (`Tags.member.1.Key=x`) become a typed object
 * following the operation's input shape, validated against the model's constraints. Violations are reported
 * all at once, worded as AWS words them:
 *   1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must ...
 */
import { Problems } from '../constraints.js';
import { shapeOf, type MemberRef, type ServiceModel, type Shape } from './model.js';

interface ParamNode {
  value?: string;
  children?: Map<string, ParamNode>;
}

/** Nests `A.member.1.B=v` into a tree keyed by each dotted segment. */
export function paramTree(params: Iterable<[string, string]>): ParamNode {
  const root: ParamNode = {};
  for (const [key, value] of params) {
    let node = root;
    for (const seg of key.split('.')) {
      node.children ??= new Map();
      let next = node.children.get(seg);
      if (!next) node.children.set(seg, (next = {}));
      node = next;
    }
    node.value = value;
  }
  return root;
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);


class Decoder {
  readonly problems = new Problems();
  constructor(private readonly model: ServiceModel) {}

  private fail(path: string, shape: Shape, raw: string | null, constraint: string) {
    this.problems.fail(path, shape, raw, constraint);
  }

  structure(node: ParamNode | undefined, shape: Shape, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, ref] of Object.entries(shape.members ?? {})) {
      const child = node?.children?.get(ref.locationName ?? name);
      const memberPath = path ? `${path}.${lowerFirst(name)}` : lowerFirst(name);
      const memberShape = shapeOf(this.model, ref.shape);
      if (child === undefined) {
        if (shape.required?.includes(name)) this.fail(memberPath, memberShape, null, 'not be null');
        continue;
      }
      const v = this.value(child, ref, memberShape, memberPath);
      if (v !== undefined) out[name] = v;
    }
    return out;
  }

  private value(node: ParamNode, ref: MemberRef, shape: Shape, path: string): unknown {
    switch (shape.type) {
      case 'structure':
        return this.structure(node, shape, path);
      case 'list':
        return this.list(node, ref, shape, path);
      case 'map':
        return this.map(node, shape, path);
      default:
        return this.scalar(node.value ?? '', shape, path);
    }
  }

  private list(node: ParamNode, ref: MemberRef, shape: Shape, path: string): unknown[] {
    const memberRef = shape.member!;
    const memberShape = shapeOf(this.model, memberRef.shape);
    const flattened = shape.flattened || ref.flattened;
    const itemsNode = flattened ? node : node.children?.get(memberRef.locationName ?? 'member');
    const out: unknown[] = [];
    for (let i = 1; ; i++) {
      const item = itemsNode?.children?.get(String(i));
      if (!item) break;
      out.push(this.value(item, memberRef, memberShape, `${path}.${i}.member`));
    }
    this.checkLength(out.length, String(out.length), shape, path);
    return out;
  }

  private map(node: ParamNode, shape: Shape, path: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const entries = shape.flattened ? node : node.children?.get('entry');
    const valueShape = shapeOf(this.model, shape.value!.shape);
    for (let i = 1; ; i++) {
      const e = entries?.children?.get(String(i));
      if (!e) break;
      const k = e.children?.get(shape.key?.locationName ?? 'key')?.value;
      const v = e.children?.get(shape.value?.locationName ?? 'value');
      if (k !== undefined && v) out[k] = this.value(v, shape.value!, valueShape, `${path}.${i}.value`);
    }
    return out;
  }

  private checkLength(len: number, raw: string, shape: Shape, path: string) {
    this.problems.length(len, raw, shape, path);
  }

  private scalar(raw: string, shape: Shape, path: string): unknown {
    switch (shape.type) {
      case 'string': {
        this.problems.string(raw, shape, path);
        return raw;
      }
      case 'integer':
      case 'long': {
        if (!/^-?\d{1,16}$/.test(raw)) {
          this.fail(path, shape, raw, 'be a number');
          return undefined;
        }
        const n = Number(raw);
        this.problems.range(n, raw, shape, path);
        return n;
      }
      case 'double':
      case 'float': {
        const n = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(n)) this.fail(path, shape, raw, 'be a number');
        return n;
      }
      case 'boolean': {
        const v = raw.toLowerCase();
        if (v !== 'true' && v !== 'false') this.fail(path, shape, raw, 'be a boolean');
        return v === 'true';
      }
      case 'timestamp': {
        const t = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
        if (!Number.isFinite(t)) this.fail(path, shape, raw, 'be a timestamp');
        return new Date(t);
      }
      case 'blob':
        return Buffer.from(raw, 'base64');
      default:
        return raw;
    }
  }
}

/**
 * Decodes an operation's input. Throws ValidationError (400) listing every violated constraint.
 */
export function decodeInput(model: ServiceModel, inputShape: string | undefined, tree: ParamNode): Record<string, unknown> {
  if (!inputShape) return {};
  const d = new Decoder(model);
  const out = d.structure(tree, shapeOf(model, inputShape), '');
  d.problems.throwIfAny('ValidationError');
  return out;
}
