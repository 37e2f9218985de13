/**
 * Federation's tables (owned by services/sts/federation). Portable types only; times are epoch milliseconds.
 */

/**
 * SAML assertions already redeemed, remembered until they could no longer be redeemed anyway. The primary
 * key makes redemption exactly-once across every process sharing the store: the second insert fails.
 */
export interface FederationReplayTable {
  /** Hex SHA-256 of provider ARN + assertion ID. */
  assertion_key: string;
  expires_at: number;
}

export interface FederationTables {
  federation_replay: FederationReplayTable;
}
