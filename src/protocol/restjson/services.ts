/**
 * The restJson1 services Tessera serves: the registry's service name, the model file
 * (src/protocol/models/<model>.json) and the SigV4 signing name a request's credential scope carries. A
 * signed request is told by its scope; an unsigned one only by an operation the model marks unsigned
 * whose method and path it matches (server/pipeline/restJson.ts) — and, where the service says so, by what
 * its clients always send (`claimsUnsigned`), so that an anonymous S3 request for a bucket named `token` or
 * `assignment` stays S3's.
 *
 * `tessera` is Tessera's own analysis API (who can reach a resource, escalation paths): AWS has none, so its
 * model is written here in botocore's form (src/protocol/models/tessera-analysis.json).
 */
export interface RestJsonService {
  /** The registry's service name (operations declare it). */
  service: 'access-analyzer' | 'tessera' | 'sso-oidc' | 'sso';
  model: string;
  signingName: string;
  /** Unsigned requests: whether this one is the service's, by its headers. */
  claimsUnsigned?: (header: (name: string) => string | undefined) => boolean;
}

export const REST_JSON_SERVICES: readonly RestJsonService[] = [
  { service: 'access-analyzer', model: 'accessanalyzer', signingName: 'access-analyzer' },
  { service: 'tessera', model: 'tessera-analysis', signingName: 'tessera' },
  // IAM Identity Center's OIDC endpoint (oidc.REGION.amazonaws.com): JSON bodies, never S3's POST forms.
  { service: 'sso-oidc', model: 'sso-oidc', signingName: 'sso-oauth', claimsUnsigned: (h) => (h('content-type') ?? '').startsWith('application/json') || (h('host') ?? '').startsWith('oidc.') },
  // Its portal (portal.sso.REGION.amazonaws.com): every call carries the bearer token header.
  { service: 'sso', model: 'sso', signingName: 'awsssoportal', claimsUnsigned: (h) => h('x-amz-sso_bearer_token') !== undefined },
];

export const restJsonServiceBySigningName = (name: string | undefined): RestJsonService | undefined =>
  name === undefined ? undefined : REST_JSON_SERVICES.find((s) => s.signingName === name);
