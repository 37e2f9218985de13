/**
 * The constraints of AWS's service models (length, enum, pattern, range), checked the same way by every
 * model-driven codec (protocol/query for IAM and STS, protocol/json for awsJson services) and worded as AWS
 * words them:
 *   1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must ...
 */
import { ServiceError } from '../core/errors.js';
import { compiledPattern } from './modelPattern.js';
import type { Shape } from './query/model.js';

/** The violations found while decoding one input, reported all at once. */
export class Problems {
  readonly list: string[] = [];

  fail(path: string, shape: Shape, raw: string | null, constraint: string): void {
    const shown = raw === null ? 'Value null' : shape.sensitive ? 'Value' : `Value '${raw}'`;
    this.list.push(`${shown} at '${path}' failed to satisfy constraint: Member must ${constraint}`);
  }

  length(len: number, raw: string, shape: Shape, path: string): void {
    if (shape.min !== undefined && len < shape.min) this.fail(path, shape, raw, `have length greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && len > shape.max) this.fail(path, shape, raw, `have length less than or equal to ${shape.max}`);
  }

  string(raw: string, shape: Shape, path: string): void {
    this.length(raw.length, raw, shape, path);
    if (shape.enum && !shape.enum.includes(raw)) this.fail(path, shape, raw, `satisfy enum value set: [${shape.enum.join(', ')}]`);
    else if (shape.pattern) {
      const re = compiledPattern(shape.pattern);
      if (re && !re.test(raw)) this.fail(path, shape, raw, `satisfy regular expression pattern: ${shape.pattern}`);
    }
  }

  range(n: number, raw: string, shape: Shape, path: string): void {
    if (shape.min !== undefined && n < shape.min) this.fail(path, shape, raw, `have value greater than or equal to ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) this.fail(path, shape, raw, `have value less than or equal to ${shape.max}`);
  }

  /** Throws `code` (400) listing every violation, if there are any. */
  throwIfAny(code: string): void {
    const n = this.list.length;
    if (n > 0) throw new ServiceError(code, `${n} validation error${n === 1 ? '' : 's'} detected: ${this.list.join('; ')}`, 400);
  }
}
