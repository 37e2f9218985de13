/** The sign-in endpoint's tables (single-use sign-in tokens, console sessions). Owned by services/signin. */

/** SigninTokens already redeemed, kept until they would have expired anyway (single use across processes). */
export interface SigninUsedTokensTable {
  token_id: string;
  expires_at: number;
}

/**
 * Console sessions. The browser's cookie is a sealed reference to a row; the row holds the session's own
 * temporary credentials (the session token sealed with the key ring) so that logout ends the session for
 * every process sharing the store.
 */
export interface SigninConsoleSessionsTable {
  id: string;
  account_id: string;
  principal_arn: string;
  created_at: number;
  expires_at: number;
  ended_at: number | null;
  /** Where the browser goes when the session ends (federation logins), or null. */
  issuer: string | null;
  token_cipher: string;
}

export interface SigninTables {
  signin_used_tokens: SigninUsedTokensTable;
  signin_console_sessions: SigninConsoleSessionsTable;
}
