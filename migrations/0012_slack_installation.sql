-- One row per Slack installation of the app (OAuth "Add to Slack"): a workspace, or an Enterprise Grid org for an
-- org-wide install (team_id ''). The bot token is sealed by src/db/vault.ts (iv ‖ tag ‖ ciphertext, with the id of
-- the key that sealed it); `installation` keeps the rest of Bolt's Installation object, without any token.
CREATE TABLE slack_installation (
  enterprise_id         text NOT NULL DEFAULT '',
  team_id               text NOT NULL DEFAULT '',
  is_enterprise_install boolean NOT NULL DEFAULT false,
  app_id                text,
  bot_id                text,
  bot_user_id           text NOT NULL,
  bot_scopes            text[] NOT NULL DEFAULT '{}',
  bot_token_ciphertext  bytea NOT NULL,
  bot_token_key_id      text NOT NULL,
  installer_user_id     text,
  installation          jsonb NOT NULL,
  installed_at          timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (enterprise_id, team_id),
  CHECK (enterprise_id <> '' OR team_id <> '')
);
