-- Account intelligence: one score row per account and computation (history for /score's trend and chart), and the
-- patterns learned from the account's own history (one current row per account, kind and entity).
CREATE TABLE intel_account_score (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       text NOT NULL REFERENCES ad_account(id),
  run_key          text NOT NULL UNIQUE,            -- the computing workflow run: a retried activity stores once
  computed_at      timestamptz NOT NULL,
  overall          smallint NOT NULL CHECK (overall BETWEEN 0 AND 100),
  learning         numeric(5,1),                    -- components 0–100; null when nothing could be assessed
  performance      numeric(5,1),
  budget           numeric(5,1),
  creative         numeric(5,1),
  components       jsonb NOT NULL,                  -- formulas, metrics and issues per component
  breakdown        jsonb NOT NULL,                  -- data sufficiency and the issues found
  recommendations  jsonb NOT NULL DEFAULT '[]',
  sufficiency_mode text NOT NULL CHECK (sufficiency_mode IN ('model', 'rules')),
  tracking         jsonb                            -- the tracking-health verdict at computation time
);
CREATE INDEX intel_account_score_account ON intel_account_score (account_id, computed_at DESC);

CREATE TABLE intel_learned_pattern (
  account_id    text NOT NULL REFERENCES ad_account(id),
  kind          text NOT NULL,                      -- time-of-day | day-of-week | creative-fatigue | budget-sweet-spot | conversion-lag
  entity_id     text,                               -- the ad set of a sweet spot; null for account-wide patterns
  payload       jsonb NOT NULL,
  summary       text NOT NULL,
  confidence    double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  confidence_level text NOT NULL CHECK (confidence_level IN ('low', 'medium', 'high')),
  sample_size   integer NOT NULL,
  valid_from    timestamptz NOT NULL,
  valid_until   timestamptz NOT NULL,
  refreshed_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX intel_learned_pattern_key ON intel_learned_pattern (account_id, kind, coalesce(entity_id, ''));

-- The tracking-health breaker per account: while status is 'broken', conversion-based rules are suspended.
CREATE TABLE intel_tracking_state (
  account_id  text PRIMARY KEY REFERENCES ad_account(id),
  status      text NOT NULL CHECK (status IN ('ok', 'broken')),
  reason      text NOT NULL,
  observed    double precision NOT NULL,
  expected    double precision NOT NULL,
  since       timestamptz NOT NULL,                 -- when the current status began
  checked_at  timestamptz NOT NULL
);
