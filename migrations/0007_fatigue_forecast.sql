-- The predictive fatigue detector's verdict per ad at the account's last scoring, for the rules engine's
-- `fatigue_forecast` field (the creative-fatigue rule flags ads before their CTR has collapsed).
CREATE TABLE intel_fatigue_forecast (
  account_id        text NOT NULL REFERENCES ad_account(id),
  ad_id             text NOT NULL,
  status            text NOT NULL CHECK (status IN ('fatiguing', 'at_risk', 'none')),
  hours_to_collapse double precision,
  reason            text,
  scored_at         timestamptz NOT NULL,
  PRIMARY KEY (account_id, ad_id)
);
