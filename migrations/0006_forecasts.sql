-- Forecast dashboards (issue #8): four prediction tables, prediction accuracy, fetcher stats and the run log.
-- Every prediction names the model that made it (intel_model_version); writes are upserts on natural keys because
-- the activities that make them are retried.

-- The campaign objective, for the "objective" channel grouping (Meta returns it on campaigns).
ALTER TABLE intel_entity ADD COLUMN objective text;

-- One row per regeneration (schedule or /forecast sync): what status shows as the last run and its duration.
CREATE TABLE ml_forecast_run (
  workflow_id   text NOT NULL,
  run_id        text NOT NULL,
  account_id    text NOT NULL REFERENCES ad_account(id),
  trigger       text NOT NULL DEFAULT 'schedule',
  started_at    timestamptz NOT NULL DEFAULT now(),
  finished_at   timestamptz,
  duration_ms   integer,
  status        text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'skipped', 'failed')),
  summary       jsonb NOT NULL DEFAULT '{}',
  error_message text,
  PRIMARY KEY (workflow_id, run_id)
);
CREATE INDEX ml_forecast_run_account ON ml_forecast_run (account_id, started_at DESC);

-- Dashboard 1: ROAS forecast per channel over the horizon (mean of the daily forecasts and of their bounds).
CREATE TABLE ml_roi_forecast (
  account_id     text NOT NULL REFERENCES ad_account(id),
  grouping       text NOT NULL,
  channel        text NOT NULL,
  horizon_start  date NOT NULL,
  horizon_end    date NOT NULL,
  predicted_roas double precision NOT NULL,
  lower_roas     double precision NOT NULL,
  upper_roas     double precision NOT NULL,
  model_name     text NOT NULL,
  model_version  text NOT NULL,
  generated_at   timestamptz NOT NULL DEFAULT now(),
  run_id         text NOT NULL,
  PRIMARY KEY (account_id, grouping, channel, horizon_start),
  FOREIGN KEY (model_name, model_version) REFERENCES intel_model_version (model_name, version)
);

-- Dashboards 2 and 3, long format: one row per series (the account or a channel), metric and day. Past days carry
-- the actual; forecast days the prediction made before the day, with its interval and model. A later run replaces
-- a prediction only while its day is still ahead, so a settled day keeps the forecast that was made for it.
CREATE TABLE ml_roi_timeseries (
  account_id     text NOT NULL REFERENCES ad_account(id),
  series_key     text NOT NULL,
  metric         text NOT NULL CHECK (metric IN ('roas', 'conversions')),
  day            date NOT NULL,
  actual         double precision,
  predicted      double precision,
  lower_bound    double precision,
  upper_bound    double precision,
  model_name     text,
  model_version  text,
  generated_at   timestamptz NOT NULL DEFAULT now(),
  run_id         text NOT NULL,
  PRIMARY KEY (account_id, series_key, metric, day),
  FOREIGN KEY (model_name, model_version) REFERENCES intel_model_version (model_name, version)
);

CREATE TABLE ml_reach_ctr_timeseries (
  account_id     text NOT NULL REFERENCES ad_account(id),
  series_key     text NOT NULL,
  metric         text NOT NULL CHECK (metric IN ('reach', 'ctr')),
  day            date NOT NULL,
  actual         double precision,
  predicted      double precision,
  lower_bound    double precision,
  upper_bound    double precision,
  model_name     text,
  model_version  text,
  generated_at   timestamptz NOT NULL DEFAULT now(),
  run_id         text NOT NULL,
  PRIMARY KEY (account_id, series_key, metric, day),
  FOREIGN KEY (model_name, model_version) REFERENCES intel_model_version (model_name, version)
);

-- Dashboard 4: the recommended split of the current total per budget unit (ad set, or campaign with CBO), with the
-- fitted response curve so /budget can re-split any other total without refitting.
CREATE TABLE ml_budget_recommendation (
  account_id                  text NOT NULL REFERENCES ad_account(id),
  unit_id                     text NOT NULL,
  unit_type                   entity_level NOT NULL,
  unit_name                   text NOT NULL,
  channel                     text NOT NULL,
  current_budget              double precision NOT NULL,
  recommended_budget          double precision NOT NULL,
  lower_bound                 double precision NOT NULL,
  upper_bound                 double precision NOT NULL,
  change_percent              double precision NOT NULL,
  expected_conversions_current     double precision NOT NULL,
  expected_conversions_recommended double precision NOT NULL,
  expected_revenue_current         double precision NOT NULL,
  expected_revenue_recommended     double precision NOT NULL,
  value_per_conversion        double precision NOT NULL,
  curve_vmax                  double precision NOT NULL,
  curve_k                     double precision NOT NULL,
  curve_alpha                 double precision NOT NULL,
  locked                      boolean NOT NULL DEFAULT false,
  max_change_percent          double precision NOT NULL,
  model_name                  text NOT NULL,
  model_version               text NOT NULL,
  generated_at                timestamptz NOT NULL DEFAULT now(),
  run_id                      text NOT NULL,
  PRIMARY KEY (account_id, unit_id),
  FOREIGN KEY (model_name, model_version) REFERENCES intel_model_version (model_name, version)
);

-- Accuracy of each stored prediction once its day settled (24 h … 30 days): recomputed while late conversions
-- still arrive, so an upsert on the prediction's key.
CREATE TABLE ml_prediction_accuracy (
  account_id      text NOT NULL REFERENCES ad_account(id),
  series_key      text NOT NULL,
  metric          text NOT NULL,
  day             date NOT NULL,
  model_name      text NOT NULL,
  model_version   text NOT NULL,
  predicted       double precision NOT NULL,
  actual          double precision NOT NULL,
  error           double precision NOT NULL,
  abs_error       double precision NOT NULL,
  relative_error  double precision,
  accuracy        double precision,
  in_interval     boolean,
  first_compared_at timestamptz NOT NULL DEFAULT now(),
  first_run_id    text NOT NULL,                -- the fetch that first settled it (what that fetch "tracked")
  compared_at     timestamptz NOT NULL DEFAULT now(),
  run_id          text NOT NULL,
  PRIMARY KEY (account_id, series_key, metric, day)
);

-- One row per accuracy fetch, the fold of which is the fetcher's cumulative stats (fetches, success rate, and the
-- spend/conversions/revenue of days settled for the first time in that fetch).
CREATE TABLE ml_accuracy_fetch (
  account_id            text NOT NULL REFERENCES ad_account(id),
  run_id                text NOT NULL,
  fetched_at            timestamptz NOT NULL DEFAULT now(),
  ok                    boolean NOT NULL,
  spend                 double precision NOT NULL DEFAULT 0,
  conversions           double precision NOT NULL DEFAULT 0,
  revenue               double precision NOT NULL DEFAULT 0,
  predictions_compared  integer NOT NULL DEFAULT 0,
  error_message         text,
  PRIMARY KEY (account_id, run_id)
);

-- Drift state per account and metric, as last evaluated.
CREATE TABLE ml_forecast_drift (
  account_id     text NOT NULL REFERENCES ad_account(id),
  metric         text NOT NULL,
  drifted        boolean NOT NULL,
  current_run    integer NOT NULL,
  alert_date     date,
  run_start      date,
  threshold      double precision NOT NULL,
  days           integer NOT NULL,
  retrain        boolean NOT NULL,
  evaluated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account_id, metric)
);
