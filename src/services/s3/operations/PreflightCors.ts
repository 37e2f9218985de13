import { ServiceError } from '../../../core/errors.js';
import { corsHeaders, matchPreflight, requestedHeaders, storedRules } from '../cors.js';
import { isConsoleOrigin } from '../corsRequest.js';
import { defineS3Operation } from '../operation.js';
import { findBucket } from '../resources.js';
import { S3Errors } from '../errors.js';

const forbidden = (message: string, method: string, resourceType: string) =>
  new ServiceError('AccessForbidden', `CORSResponse: ${message}`, 403, { extra: { Method: method, ResourceType: resourceType } });

/**
 * OPTIONS /bucket[/key]: a browser's CORS preflight, answered from the bucket's rules without
 * authentication (as S3: the preflight carries no credentials). No permission is checked and nothing is
 * read but the bucket (through the cache); the body is never read.
 */
export const PreflightCors = defineS3Operation({
  name: 'PreflightCors',
  route: { method: 'OPTIONS', target: ['bucket', 'object'] },
  authentication: 'unsigned',
  decode(req) {
    const origin = req.header('origin');
    if (origin === undefined || origin === '') throw new ServiceError('BadRequest', 'Insufficient information. Origin request header needed.', 400);
    const method = req.header('access-control-request-method') ?? '';
    if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(method)) throw new ServiceError('BadRequest', `Invalid Access-Control-Request-Method: ${method}`, 400);
    return { bucket: req.bucket, object: req.key !== '', origin, method, headers: requestedHeaders(req.header('access-control-request-headers')) };
  },
  async prepare(input, ctx) {
    const b = await findBucket(ctx.deps.store, input.bucket);
    if (!b) throw S3Errors.noSuchBucket(input.bucket);
    return b;
  },
  checks: () => [],
  async handle(input, ctx, b) {
    const resourceType = input.object ? 'OBJECT' : 'BUCKET';
    const rules = storedRules(b.cors);
    if (!rules) throw forbidden('CORS is not enabled for this bucket.', input.method, resourceType);
    const rule = isConsoleOrigin(ctx.deps.consoleSite, input.origin) ? undefined : matchPreflight(rules, input.origin, input.method, input.headers);
    if (!rule) {
      throw forbidden(
        "This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.",
        input.method,
        resourceType,
      );
    }
    return { headers: corsHeaders(rule, input.origin, input.headers) };
  },
});
