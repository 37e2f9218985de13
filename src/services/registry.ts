/**
 * Every operation the server answers, in one typed table. A newcomer finds any operation in one step:
 * services/<service>/operations/<Operation>.ts holds its route (S3), its prepare, its checks and its logic;
 * its wire shape is AWS's model (protocol/models/<service>.json) for IAM and STS, and its decode/handle for S3.
 */
import { RouteTable } from '../protocol/restxml/route.js';
import type { AnyOperation, ServiceName } from './operation.js';
import { accessAnalyzerOperations } from './accessanalyzer/index.js';
import { analysisOperations } from './analysis/index.js';
import { iamOperations } from './iam/index.js';
import { s3Operations } from './s3/operations/index.js';
import { ssoAdminOperations, ssoOperations } from './sso/index.js';
import { stsOperations } from './sts/index.js';
import { cloudtrailOperations } from './cloudtrail/index.js';

export class OperationRegistry {
  private readonly byKey = new Map<string, AnyOperation>();
  /** REST-XML (S3): the route table built from the operations' declared routes. */
  readonly routes: RouteTable;

  constructor(ops: AnyOperation[]) {
    for (const op of ops) {
      const key = `${op.service}:${op.name}`;
      if (this.byKey.has(key)) throw new Error(`operation declared twice: ${key}`);
      if (op.service === 's3' ? !op.route || !op.decode : op.route !== undefined) throw new Error(`${key}: S3 operations, and only they, declare a route and a decode`);
      this.byKey.set(key, op);
    }
    this.routes = new RouteTable(ops.filter((op) => op.service === 's3'));
  }

  get(service: ServiceName | string, name: string): AnyOperation | undefined {
    return this.byKey.get(`${service}:${name}`);
  }

  all(): AnyOperation[] {
    return [...this.byKey.values()];
  }
}

export const operations: OperationRegistry = new OperationRegistry([...stsOperations, ...iamOperations, ...s3Operations, ...cloudtrailOperations, ...accessAnalyzerOperations, ...analysisOperations, ...ssoOperations, ...ssoAdminOperations]);
