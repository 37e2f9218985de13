/**
 * AWS's published service models (botocore's service-2.json, trimmed by scripts/extract-models.py) drive the
 * query-protocol codec (IAM, STS) and the awsJson1_1 codec (protocol/json: CloudTrail): input shapes with
 * their constraints, output shapes with their member order.
 */
import { readFileSync } from 'node:fs';
import { sourcePath } from '../../core/paths.js';

export interface MemberRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
}

export interface Shape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  flattened?: boolean;
  sensitive?: boolean;
  timestampFormat?: string;
  exception?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

export interface OperationModel {
  name: string;
  input?: { shape: string };
  output?: { shape: string; resultWrapper?: string };
  errors: string[];
}

export interface ServiceModel {
  /** xmlNamespace: the query protocol's; targetPrefix and jsonVersion: awsJson's. */
  metadata: { apiVersion: string; protocol: string; xmlNamespace: string; targetPrefix?: string; jsonVersion?: string; endpointPrefix?: string; signingName?: string };
  operations: Record<string, OperationModel>;
  shapes: Record<string, Shape>;
}

const cache = new Map<string, ServiceModel>();

/** Loads src/protocol/models/NAME.json (copied beside the compiled code's source tree). */
export function loadModel(name: 'iam' | 'sts' | 'cloudtrail' | (string & {})): ServiceModel {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`bad model name ${name}`);
  let m = cache.get(name);
  if (!m) {
    m = JSON.parse(readFileSync(sourcePath('protocol', 'models', `${name}.json`), 'utf8')) as ServiceModel;
    cache.set(name, m);
  }
  return m;
}

export function shapeOf(model: ServiceModel, name: string): Shape {
  const s = model.shapes[name];
  if (!s) throw new Error(`unknown shape ${name}`);
  return s;
}
