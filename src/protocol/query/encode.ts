/**
 * Query-protocol output encoding: a handler's plain result object becomes AWS's XML, members in the order
 * of the model's output shape, lists as <member>, maps as <entry><key/><value/></entry>, timestamps in
 * ISO 8601, blobs in base64. Errors render as <ErrorResponse>.
 */
import { isoSeconds } from '../../core/clock.js';
import type { ServiceError } from '../../core/errors.js';
import { element, escapeXml } from '../xml.js';
import { shapeOf, type OperationModel, type ServiceModel, type Shape } from './model.js';

function encodeValue(model: ServiceModel, shape: Shape, value: unknown, out: string[]): void {
  switch (shape.type) {
    case 'structure': {
      const obj = value as Record<string, unknown>;
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const v = obj[name];
        if (v === undefined || v === null) continue;
        const tag = ref.locationName ?? name;
        const ms = shapeOf(model, ref.shape);
        if (ms.type === 'list' && (ms.flattened || ref.flattened)) {
          for (const item of v as unknown[]) {
            out.push(`<${tag}>`);
            encodeValue(model, shapeOf(model, ms.member!.shape), item, out);
            out.push(`</${tag}>`);
          }
          continue;
        }
        out.push(`<${tag}>`);
        encodeValue(model, ms, v, out);
        out.push(`</${tag}>`);
      }
      return;
    }
    case 'list': {
      const tag = shape.member!.locationName ?? 'member';
      const ms = shapeOf(model, shape.member!.shape);
      for (const item of value as unknown[]) {
        out.push(`<${tag}>`);
        encodeValue(model, ms, item, out);
        out.push(`</${tag}>`);
      }
      return;
    }
    case 'map': {
      const ks = shapeOf(model, shape.key!.shape);
      const vs = shapeOf(model, shape.value!.shape);
      const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
      for (const [k, v] of entries) {
        out.push('<entry><key>');
        encodeValue(model, ks, k, out);
        out.push('</key><value>');
        encodeValue(model, vs, v, out);
        out.push('</value></entry>');
      }
      return;
    }
    case 'timestamp': {
      const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(String(value));
      out.push(isoSeconds(ms));
      return;
    }
    case 'blob':
      out.push(Buffer.isBuffer(value) ? value.toString('base64') : escapeXml(String(value)));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    default:
      out.push(escapeXml(String(value)));
  }
}

/** The whole response document for a successful call. */
export function encodeResponse(
  model: ServiceModel,
  op: OperationModel,
  result: Record<string, unknown> | undefined,
  requestId: string,
): string {
  const ns = model.metadata.xmlNamespace;
  const out: string[] = [`<${op.name}Response xmlns="${ns}">\n`];
  if (op.output) {
    const wrapper = op.output.resultWrapper ?? `${op.name}Result`;
    out.push(`  <${wrapper}>`);
    encodeValue(model, shapeOf(model, op.output.shape), result ?? {}, out);
    out.push(`</${wrapper}>\n`);
  }
  out.push(`  <ResponseMetadata>\n    ${element('RequestId', requestId)}\n  </ResponseMetadata>\n`);
  out.push(`</${op.name}Response>\n`);
  return out.join('');
}

/** The query protocol's error document. */
export function encodeError(xmlNamespace: string, err: ServiceError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${xmlNamespace}">\n` +
    `  <Error>\n    ${element('Type', err.type)}\n    ${element('Code', err.code)}\n    ${element('Message', err.message)}\n  </Error>\n` +
    `  ${element('RequestId', requestId)}\n` +
    `</ErrorResponse>\n`
  );
}
