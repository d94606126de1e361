-- Workspaces (a Slack team) and the Meta ad accounts bound to their channels.
CREATE TABLE workspace (
  id            text PRIMARY KEY,                          -- Slack team id, e.g. T0123
  name          text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE ad_account (
  id                text PRIMARY KEY,                      -- Meta id with its prefix, e.g. act_123
  workspace_id      text NOT NULL REFERENCES workspace(id),
  name              text NOT NULL,
  slack_channel_id  text,                                  -- channel bound to this account (default for commands)
  currency          text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  timezone          text NOT NULL DEFAULT 'UTC',           -- IANA name (Meta's timezone_name)
  target_cpa        numeric(14,4) CHECK (target_cpa IS NULL OR target_cpa > 0),
  target_roas       numeric(10,4) CHECK (target_roas IS NULL OR target_roas > 0),
  approver_user_ids text[] NOT NULL DEFAULT '{}',          -- Slack user ids allowed to decide proposals
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'needs_attention', 'removed')),
  status_reason     text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ad_account_channel ON ad_account (slack_channel_id) WHERE slack_channel_id IS NOT NULL;

CREATE TYPE entity_level AS ENUM ('account', 'campaign', 'adset', 'ad');

-- One row per entity and hour (the hour starts in the account's timezone, stored as an instant).
-- Additive metrics are exact numerics; ratios are stored as Meta reported them for the hour.
CREATE TABLE intel_performance_snapshot (
  account_id         text NOT NULL REFERENCES ad_account(id),
  entity_type        entity_level NOT NULL,
  entity_id          text NOT NULL,
  entity_name        text,
  parent_id          text,                                 -- campaign of an ad set, ad set of an ad
  snapshot_hour      timestamptz NOT NULL,
  impressions        bigint NOT NULL DEFAULT 0,
  reach              bigint,
  clicks             bigint NOT NULL DEFAULT 0,
  spend              numeric(14,4) NOT NULL DEFAULT 0,
  conversions        numeric(14,4) NOT NULL DEFAULT 0,     -- canonical purchase type only, never summed across types
  conversion_value   numeric(14,4) NOT NULL DEFAULT 0,
  actions            jsonb NOT NULL DEFAULT '[]',          -- Meta's [{action_type, value}] as returned
  action_values      jsonb NOT NULL DEFAULT '[]',
  cpm                numeric(14,4),
  ctr                numeric(10,6),
  cpc                numeric(14,4),
  frequency          numeric(10,4),
  effective_status   text,
  learning_phase     text,                                 -- LEARNING | SUCCESS | FAIL (learning limited)
  daily_budget_minor bigint,                               -- minor currency units, as Meta sends budgets
  attribution_setting text,
  purchase_action_type text,
  fetched_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT intel_performance_snapshot_pk PRIMARY KEY (account_id, entity_type, entity_id, snapshot_hour)
);
CREATE INDEX intel_performance_snapshot_entity_hour ON intel_performance_snapshot (entity_id, snapshot_hour DESC);
CREATE INDEX intel_performance_snapshot_account_hour ON intel_performance_snapshot (account_id, snapshot_hour DESC);
CREATE INDEX intel_performance_snapshot_hour_brin ON intel_performance_snapshot USING brin (snapshot_hour);
