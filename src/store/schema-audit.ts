/**
 * The audit trail (services/cloudtrail): CloudTrail records as written, the lookup index LookupEvents reads,
 * and the account's trails.
 */

/** One CloudTrail record (management or data event), as its JSON text. */
export interface AuditEventsTable {
  event_id: string;
  account_id: string;
  /** eventTime, epoch ms. */
  event_time: number;
  /** 1: a management event (LookupEvents shows it); 0: a data event (trails that select it deliver it). */
  management: number;
  /** The record (CloudTrail's JSON) and the summary LookupEvents answers with (Resources, Username...). */
  record: string;
  summary: string;
  /** LookupEvents' attributes (null for data events; resource_name / resource_type: the first of each). */
  event_name: string | null;
  event_source: string | null;
  read_only: string | null;
  username: string | null;
  access_key_id: string | null;
  resource_name: string | null;
  resource_type: string | null;
}

/**
 * The ResourceName / ResourceType values of a management event beyond the first of each (which audit_events
 * holds): only records naming several resources have rows here.
 */
export interface AuditLookupTable {
  account_id: string;
  attr: string;
  value: string;
  event_time: number;
  event_id: string;
}

/** A trail: where it delivers, what it selects, how far it has delivered. */
export interface AuditTrailsTable {
  account_id: string;
  name: string;
  region: string;
  bucket: string;
  prefix: string | null;
  /** The trail's JSON settings (event selectors, flags). */
  settings: string;
  logging: number;
  created_at: number;
  /** Epoch ms of the last StartLogging / StopLogging. */
  logging_changed_at: number | null;
  /** Delivery progress: events up to (delivered_time, delivered_id) are delivered. */
  delivered_time: number;
  delivered_id: string;
  last_delivery_at: number | null;
  last_delivery_error: string | null;
  /** Delivery state (services/cloudtrail/delivery.ts: the file in flight, the digest chain), JSON. */
  delivery: string | null;
}

/** A key pair digest files are signed with: RSA, the public key as PKCS #1 DER (base64), the private one sealed. */
export interface AuditSigningKeysTable {
  region: string;
  /** MD5 of the public key's DER, hex (a digest file's digestPublicKeyFingerprint). */
  fingerprint: string;
  public_key: string;
  private_key: string;
  valid_from: number;
  valid_to: number;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_lookup: AuditLookupTable;
  audit_trails: AuditTrailsTable;
  audit_signing_keys: AuditSigningKeysTable;
}
