-- Every admin action (connect, settings, disconnect, rule changes, autonomy decisions): who, what, when, and the
-- state before and after, listed by `/adpilot audit [account]`. Rows are only ever inserted.
CREATE TABLE admin_audit (
  id           bigserial PRIMARY KEY,
  workspace_id text NOT NULL,
  account_id   text,
  actor_user_id text NOT NULL,
  action       text NOT NULL,
  subject      text,
  before       jsonb,
  after        jsonb,
  at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX admin_audit_workspace_at ON admin_audit (workspace_id, at DESC);
CREATE INDEX admin_audit_account_at ON admin_audit (account_id, at DESC);
