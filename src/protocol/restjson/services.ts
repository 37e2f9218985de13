/**
 * The restJson1 services Tessera serves: the registry's service name, the model file
 * (src/protocol/models/<model>.json) and the SigV4 signing name a request's credential scope carries. A
 * signed request is told by its scope; an unsigned one only by an operation the model marks unsigned
 * whose method and path it matches (server/pipeline/restJson.ts).
 */
export interface RestJsonService {
  /** The registry's service name (operations declare it). */
  service: 'access-analyzer';
  model: string;
  signingName: string;
}

export const REST_JSON_SERVICES: readonly RestJsonService[] = [{ service: 'access-analyzer', model: 'accessanalyzer', signingName: 'access-analyzer' }];

export const restJsonServiceBySigningName = (name: string | undefined): RestJsonService | undefined =>
  name === undefined ? undefined : REST_JSON_SERVICES.find((s) => s.signingName === name);
