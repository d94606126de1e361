-- Each ad account's own Meta access token, encrypted (src/db/vault.ts): iv ‖ tag ‖ ciphertext, the id of the key
-- that sealed it, and the last four characters, the only part ever shown. No token: the global fallback applies.
ALTER TABLE ad_account
  ADD COLUMN token_ciphertext bytea,
  ADD COLUMN token_key_id     text,
  ADD COLUMN token_last4      text,
  ADD CONSTRAINT ad_account_token_complete
    CHECK ((token_ciphertext IS NULL) = (token_key_id IS NULL) AND (token_ciphertext IS NULL) = (token_last4 IS NULL));
