/**
 * AWS's published service models for restJson1 services (botocore's service-2.json, trimmed by
 * scripts/extract-models.py with the HTTP bindings kept): each operation's method, request URI and response
 * code, and where each member travels (the URI, the query string, a header, the JSON body).
 */
import { readFileSync } from 'node:fs';
import { sourcePath } from '../../core/paths.js';

export type Location = 'uri' | 'querystring' | 'header' | 'headers' | 'statusCode';

export interface RestMemberRef {
  shape: string;
  location?: Location;
  locationName?: string;
  jsonvalue?: boolean;
  idempotencyToken?: boolean;
  timestampFormat?: string;
}

export interface RestShape {
  type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'boolean' | 'timestamp' | 'blob' | 'double' | 'float';
  members?: Record<string, RestMemberRef>;
  required?: string[];
  member?: RestMemberRef;
  key?: RestMemberRef;
  value?: RestMemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  union?: boolean;
  timestampFormat?: string;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
}

export interface RestOperationModel {
  name: string;
  http: { method: string; requestUri: string; responseCode?: number };
  input?: { shape: string };
  output?: { shape: string };
  errors: string[];
  /** The model says the operation carries no SigV4 signature (sso-oidc's CreateToken, ...). */
  unsigned?: boolean;
}

export interface RestServiceModel {
  metadata: { apiVersion: string; protocol: string; signingName?: string; endpointPrefix?: string };
  operations: Record<string, RestOperationModel>;
  shapes: Record<string, RestShape>;
}

const cache = new Map<string, RestServiceModel>();

/** Loads src/protocol/models/NAME.json (a restJson1 model). */
export function loadRestModel(name: string): RestServiceModel {
  let m = cache.get(name);
  if (!m) {
    m = JSON.parse(readFileSync(sourcePath('protocol', 'models', `${name}.json`), 'utf8')) as RestServiceModel;
    if (m.metadata.protocol !== 'rest-json') throw new Error(`${name}: not a rest-json model`);
    cache.set(name, m);
  }
  return m;
}

export function restShape(model: RestServiceModel, name: string): RestShape {
  const s = model.shapes[name];
  if (!s) throw new Error(`unknown shape ${name}`);
  return s;
}
