-- Entities as last read from Meta (campaigns, ad sets, ads), so rules and the executor know status and budgets.
CREATE TABLE intel_entity (
  account_id             text NOT NULL REFERENCES ad_account(id),
  entity_type            entity_level NOT NULL,
  entity_id              text NOT NULL,
  name                   text,
  parent_id              text,
  campaign_id            text,
  status                 text,
  effective_status       text,
  daily_budget_minor     bigint,
  lifetime_budget_minor  bigint,
  bid_strategy           text,
  bid_amount_minor       bigint,
  optimization_goal      text,
  learning_stage         text,                    -- LEARNING | SUCCESS | FAIL (learning limited)
  issues                 jsonb NOT NULL DEFAULT '[]',
  creative_id            text,
  created_time           timestamptz,
  updated_time           timestamptz,
  fetched_at             timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, entity_id)
);
CREATE INDEX intel_entity_type ON intel_entity (account_id, entity_type);

-- Cumulative "today so far" totals per entity as of each pull. Meta's hourly breakdown lacks pixel conversions,
-- so hourly values are the difference between consecutive pulls of the same local day.
CREATE TABLE intel_cumulative_pull (
  account_id        text NOT NULL REFERENCES ad_account(id),
  entity_type       entity_level NOT NULL,
  entity_id         text NOT NULL,
  day               date NOT NULL,              -- local day in the account's timezone
  as_of_hour        timestamptz NOT NULL,       -- start of the hour the pull belongs to
  impressions       bigint NOT NULL,
  reach             bigint,
  clicks            bigint NOT NULL,
  spend             numeric(14,4) NOT NULL,
  conversions       numeric(14,4) NOT NULL,
  conversion_value  numeric(14,4) NOT NULL,
  PRIMARY KEY (account_id, entity_type, entity_id, day, as_of_hour)
);

-- Exact rollups: sums of additive metrics; ratios are recomputed from sums when read.
CREATE TABLE insight_daily (
  account_id        text NOT NULL REFERENCES ad_account(id),
  entity_type       entity_level NOT NULL,
  entity_id         text NOT NULL,
  day               date NOT NULL,
  impressions       bigint NOT NULL,
  reach             bigint,
  clicks            bigint NOT NULL,
  spend             numeric(14,4) NOT NULL,
  conversions       numeric(14,4) NOT NULL,
  conversion_value  numeric(14,4) NOT NULL,
  hours_covered     smallint NOT NULL,
  source            text NOT NULL DEFAULT 'rollup' CHECK (source IN ('rollup', 'api_daily')),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, entity_type, entity_id, day)
);
CREATE INDEX insight_daily_day ON insight_daily (day);

CREATE TABLE insight_weekly (
  account_id        text NOT NULL REFERENCES ad_account(id),
  entity_type       entity_level NOT NULL,
  entity_id         text NOT NULL,
  week_start        date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
  impressions       bigint NOT NULL,
  clicks            bigint NOT NULL,
  spend             numeric(14,4) NOT NULL,
  conversions       numeric(14,4) NOT NULL,
  conversion_value  numeric(14,4) NOT NULL,
  days_covered      smallint NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, entity_type, entity_id, week_start)
);

CREATE TABLE intel_pixel_health (
  account_id          text NOT NULL REFERENCES ad_account(id),
  pixel_id            text NOT NULL,
  checked_hour        timestamptz NOT NULL,
  events_today        bigint NOT NULL,
  events_7d           bigint NOT NULL,
  events_30d          bigint NOT NULL,
  events_by_name      jsonb NOT NULL,           -- {"PageView": n, "AddToCart": n, "Purchase": n, ...} today
  hourly_purchases    jsonb NOT NULL DEFAULT '[]', -- [{hour, count}] for the tracking-health breaker
  last_fired_at       timestamptz,
  event_match_quality numeric(4,2),
  funnel              jsonb NOT NULL,           -- {view_to_cart, cart_to_purchase, view_to_purchase}
  PRIMARY KEY (account_id, pixel_id, checked_hour)
);

-- One row per collection run: its summary is what /status and /sync-now show.
CREATE TABLE collection_run (
  workflow_id     text NOT NULL,
  run_id          text NOT NULL,
  account_id      text NOT NULL REFERENCES ad_account(id),
  trigger         text NOT NULL DEFAULT 'schedule',
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz,
  status          text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
  summary         jsonb NOT NULL DEFAULT '{}',
  error_kind      text,
  error_message   text,
  PRIMARY KEY (workflow_id, run_id)
);
CREATE INDEX collection_run_account ON collection_run (account_id, started_at DESC);

-- Outcome of each data-sufficiency check, so callers and /status can say why they fell back.
CREATE TABLE intel_data_sufficiency (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      text NOT NULL REFERENCES ad_account(id),
  checked_at      timestamptz NOT NULL DEFAULT now(),
  level           text NOT NULL CHECK (level IN ('sufficient', 'thin', 'none')),
  ads_with_history integer NOT NULL,
  days_of_history integer NOT NULL,
  backfilled      boolean NOT NULL DEFAULT false,
  detail          jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX intel_data_sufficiency_account ON intel_data_sufficiency (account_id, checked_at DESC);
