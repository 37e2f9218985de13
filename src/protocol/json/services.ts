/**
 * The services Tessera answers in AWS's JSON protocol (awsJson1_1; server/pipeline/json.ts): each one's
 * botocore model (src/protocol/models/<model>.json, written by scripts/extract-models.py) gives its
 * X-Amz-Target prefix, its operations and their shapes. A service added here is served once its operations
 * are in the registry (services/registry.ts) under the same `service` name.
 */
export const JSON_SERVICES = {
  /** CloudTrail: the audit trail (services/cloudtrail). */
  cloudtrail: { model: 'cloudtrail', signingName: 'cloudtrail' },
  /** IAM Identity Center's administration: permission sets, account assignments (services/sso/admin). */
  'sso-admin': { model: 'sso-admin', signingName: 'sso' },
  /** Its identity store: users, groups, memberships (services/sso/admin). */
  identitystore: { model: 'identitystore', signingName: 'identitystore' },
} as const;

export type JsonService = keyof typeof JSON_SERVICES;

export const isJsonService = (name: string | undefined): name is JsonService => name !== undefined && Object.hasOwn(JSON_SERVICES, name);

/** The JSON service a SigV4 scope names: its signing name (sso-admin signs as `sso`), else undefined. */
export const jsonServiceBySigningName = (scope: string | undefined): JsonService | undefined =>
  scope === undefined ? undefined : (Object.keys(JSON_SERVICES) as JsonService[]).find((k) => JSON_SERVICES[k].signingName === scope);
