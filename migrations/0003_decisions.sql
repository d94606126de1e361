CREATE TABLE intel_automation_rule (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  account_id      text NOT NULL REFERENCES ad_account(id),
  template_id     text,
  name            text NOT NULL,
  enabled         boolean NOT NULL DEFAULT true,
  definition      jsonb NOT NULL,               -- validated by the zod rule schema before it is stored
  revision        integer NOT NULL DEFAULT 1,
  created_by      text NOT NULL DEFAULT 'adpilot',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX intel_automation_rule_template ON intel_automation_rule (account_id, template_id) WHERE template_id IS NOT NULL;

-- Proposals and executed actions: the audit trail, kept forever.
CREATE TABLE intel_automation_action (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key       text NOT NULL UNIQUE,
  account_id            text NOT NULL REFERENCES ad_account(id),
  rule_id               uuid REFERENCES intel_automation_rule(id),
  source                text NOT NULL DEFAULT 'rule' CHECK (source IN ('rule', 'model', 'human', 'recommendation', 'budget')),
  entity_type           entity_level NOT NULL,
  entity_id             text NOT NULL,
  entity_name           text,
  action_type           text NOT NULL,
  params                jsonb NOT NULL DEFAULT '{}',
  execution_mode        text NOT NULL DEFAULT 'approval_required'
                          CHECK (execution_mode IN ('approval_required', 'automatic', 'suggestion_only')),
  status                text NOT NULL DEFAULT 'proposed' CHECK (status IN (
                          'proposed', 'reconfirm', 'approved', 'executing', 'executed', 'recorded', 'blocked',
                          'rejected', 'expired', 'escalated', 'failed', 'undone', 'shadow')),
  status_reason         text,
  evidence              jsonb NOT NULL DEFAULT '[]',
  explanation           text NOT NULL DEFAULT '',
  expected_impact       jsonb NOT NULL DEFAULT '{}',
  confidence            double precision,
  propensity            double precision,     -- probability the policy chose this action (off-policy evaluation)
  model_recommendation  text,
  model_confidence      double precision,
  model_version         text,
  features_used         jsonb,
  feature_values        jsonb,
  expiry_policy         text NOT NULL DEFAULT 'drop' CHECK (expiry_policy IN ('drop', 'escalate')),
  expires_at            timestamptz NOT NULL,
  human_decision        text CHECK (human_decision IN ('approve', 'reject', 'modify')),
  human_decided_by      text,
  human_decided_at      timestamptz,
  human_feedback_reason text,
  before_state          jsonb,
  after_state           jsonb,
  execution_result      jsonb,
  executed_at           timestamptz,
  undo_until            timestamptz,
  undone_at             timestamptz,
  undone_by             text,
  outcome_measured_at   timestamptz,
  outcome_metrics       jsonb,
  outcome_score         double precision,
  workflow_id           text,
  slack_channel_id      text,
  slack_message_ts      text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
-- One open proposal per entity and action: evaluation after every collection cannot pile up duplicates.
CREATE UNIQUE INDEX intel_automation_action_open ON intel_automation_action (account_id, entity_id, action_type)
  WHERE status IN ('proposed', 'reconfirm', 'approved', 'executing', 'escalated');
CREATE INDEX intel_automation_action_account ON intel_automation_action (account_id, created_at DESC);
CREATE INDEX intel_automation_action_entity ON intel_automation_action (entity_id, executed_at DESC);

-- Append-only history of every status change (who, when, why).
CREATE TABLE intel_action_event (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  action_id   bigint NOT NULL REFERENCES intel_automation_action(id),
  event_key   text NOT NULL UNIQUE,
  from_status text,
  to_status   text NOT NULL,
  actor       text NOT NULL,
  detail      jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE intel_model_version (
  model_name    text NOT NULL,
  version       text NOT NULL,
  kind          text NOT NULL,
  params        jsonb NOT NULL DEFAULT '{}',
  metrics       jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'shadow', 'retired', 'needs_retraining')),
  trained_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (model_name, version)
);

-- One row per (action, horizon): the 24/48/72 h reward activities are idempotent upserts.
CREATE TABLE intel_ml_training_data (
  action_id       bigint NOT NULL REFERENCES intel_automation_action(id),
  horizon_hours   smallint NOT NULL,
  features        jsonb NOT NULL,
  action_type     text NOT NULL,
  decision        text NOT NULL,               -- executed | rejected | expired | shadow | recorded
  propensity      double precision,
  metrics_before  jsonb NOT NULL,
  metrics_after   jsonb NOT NULL,
  reward          double precision NOT NULL,
  reward_components jsonb NOT NULL,
  observed_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (action_id, horizon_hours)
);

CREATE TABLE intel_notification (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key    text NOT NULL UNIQUE,
  account_id    text NOT NULL REFERENCES ad_account(id),
  kind          text NOT NULL,                 -- proposal | decision | outcome | digest | alert
  action_id     bigint REFERENCES intel_automation_action(id),
  channel_id    text,
  message_ts    text,
  thread_ts     text,
  payload       jsonb NOT NULL DEFAULT '{}',
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'digested', 'failed')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX intel_notification_pending ON intel_notification (account_id, kind) WHERE status = 'pending';
