/**
 * restJson1 output encoding: the operation's output shape, member by member as the model orders them —
 * header members as headers, a statusCode member as the status, the rest as the JSON body (timestamps as
 * epoch seconds, blobs as base64). Only members of the model are written: a handler cannot leak a field.
 */
import { restShape, type RestOperationModel, type RestServiceModel, type RestShape } from './model.js';

export interface RestJsonResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function jsonValue(model: RestServiceModel, shape: RestShape, v: unknown): unknown {
  if (v === undefined || v === null) return undefined;
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      const obj = v as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const x = jsonValue(model, restShape(model, ref.shape), obj[name]);
        if (x !== undefined) out[ref.locationName ?? name] = x;
      }
      return out;
    }
    case 'list':
      return (v as unknown[]).map((x) => jsonValue(model, restShape(model, shape.member!.shape), x) ?? null);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = jsonValue(model, restShape(model, shape.value!.shape), x) ?? null;
      return out;
    }
    case 'timestamp': {
      const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(String(v));
      return shape.timestampFormat === 'iso8601' ? new Date(ms).toISOString() : ms / 1000;
    }
    case 'blob':
      return Buffer.isBuffer(v) ? v.toString('base64') : Buffer.from(String(v)).toString('base64');
    default:
      return v;
  }
}

export function encodeRestJson(model: RestServiceModel, op: RestOperationModel, result: Record<string, unknown> | undefined): RestJsonResponse {
  const headers: Record<string, string> = {};
  let status = op.http.responseCode ?? 200;
  if (!op.output) return { status, headers, body: '{}' };
  const shape = restShape(model, op.output.shape);
  const body: Record<string, unknown> = {};
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    const v = result?.[name];
    if (v === undefined || v === null) continue;
    const member = restShape(model, ref.shape);
    if (ref.location === 'header') headers[ref.locationName ?? name] = member.type === 'timestamp' ? new Date(v as Date).toUTCString() : String(v);
    else if (ref.location === 'headers') for (const [k, x] of Object.entries(v as Record<string, string>)) headers[`${ref.locationName ?? ''}${k}`] = x;
    else if (ref.location === 'statusCode') status = Number(v);
    else {
      const x = jsonValue(model, member, v);
      if (x !== undefined) body[ref.locationName ?? name] = x;
    }
  }
  return { status, headers, body: JSON.stringify(body) };
}
