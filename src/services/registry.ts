/**
 * Every operation the server answers, by service. A newcomer finds any operation here in one step:
 * services/<service>/operations/<Operation>.ts holds its authorization, and its logic; the wire shape is
 * AWS's model (protocol/models/<service>.json).
 */
import type { QueryOperation } from './operation.js';
import { iamOperations } from './iam/index.js';
import { stsOperations } from './sts/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyOp = QueryOperation<any, any>;

export class OperationRegistry {
  private readonly byKey = new Map<string, AnyOp>();

  add(ops: AnyOp[]): this {
    for (const op of ops) {
      const key = `${op.service}:${op.name}`;
      if (this.byKey.has(key)) throw new Error(`operation declared twice: ${key}`);
      this.byKey.set(key, op);
    }
    return this;
  }

  get(service: string, name: string): AnyOp | undefined {
    return this.byKey.get(`${service}:${name}`);
  }

  all(): AnyOp[] {
    return [...this.byKey.values()];
  }
}

export const buildRegistry = (): OperationRegistry => new OperationRegistry().add(stsOperations).add(iamOperations);

/** The query protocol's operations (IAM, STS), as the pipeline looks them up. */
export const queryOperations: OperationRegistry = buildRegistry();
