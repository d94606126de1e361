import { z } from 'zod';

/** Booleans are spelled out: `Boolean('false')` is true, so only 'true'/'false' (any case) are accepted. */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', 'TRUE', 'FALSE', 'True', 'False', '1', '0'], {
      error: () => "expected 'true' or 'false'",
    })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === 'TRUE' || v === 'True' || v === '1');

const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);
const num = (fallback: number, min: number, max: number) => z.coerce.number().min(min).max(max).default(fallback);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

export const configSchema = z.object({
  DATABASE_URL: z.url({ error: 'expected a postgres:// URL' }).refine((u) => /^postgres(ql)?:\/\//.test(u), {
    message: 'expected a postgres:// URL',
  }),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'expected host:port')
    .default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TASK_QUEUE: z.string().min(1).default('adpilot'),
  /** TLS to the Temporal frontend: the server's CA (else the system's), a client certificate and key (mTLS). */
  TEMPORAL_TLS: bool(false),
  TEMPORAL_TLS_CA_PATH: optionalString,
  TEMPORAL_TLS_CERT_PATH: optionalString,
  TEMPORAL_TLS_KEY_PATH: optionalString,
  TEMPORAL_TLS_SERVER_NAME: optionalString,
  /** Temporal Cloud API key; implies TLS. */
  TEMPORAL_API_KEY: optionalString,

  ENABLE_INTELLIGENCE: bool(true),
  ENABLE_INSIGHTS_COLLECTION: bool(true),
  ENABLE_RULES_ENGINE: bool(true),
  ENABLE_ML_PREDICTIONS: bool(true),
  ENABLE_ACTION_EXECUTOR: bool(false),
  MAX_AUTO_ACTIONS_PER_HOUR: int(10, 0, 10_000),
  REQUIRE_APPROVAL_FOR_DAYS: int(30, 0, 3650),
  MIN_CONFIDENCE_FOR_AUTO: num(0.85, 0, 1),
  MAX_BUDGET_CHANGE_PERCENT: num(30, 0, 1000),
  ACTION_COOLDOWN_HOURS: num(4, 0, 24 * 30),
  INSIGHTS_COLLECTION_INTERVAL: int(60, 1, 24 * 60),
  INITIAL_HISTORICAL_DAYS: int(30, 1, 37 * 30),
  ML_SHADOW_MODE: bool(true),
  MIN_TRAINING_SAMPLES: int(1000, 1, 10_000_000),
  /** UTC hour of the daily account-intelligence run (score; patterns weekly). */
  INTEL_SCORE_HOUR_UTC: int(6, 0, 23),

  META_GRAPH_URL: z.url().default('https://graph.facebook.com'),
  META_API_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/, 'expected a Graph API version like v23.0')
    .default('v23.0'),
  META_ACCESS_TOKEN: optionalString,
  /** Longest wait for one Graph API call; a call past it is retried as a transient error. */
  META_REQUEST_TIMEOUT_MS: int(30_000, 1_000, 10 * 60_000),
  /**
   * Collection activities that may call Meta at once for the accounts of one Meta business (they share its
   * business-use-case rate limits), across every worker.
   */
  META_BUSINESS_CONCURRENCY: int(4, 1, 100),
  /** Port of the Graph API emulator started when META_ACCESS_TOKEN is unset (the demo account). */
  META_EMULATOR_PORT: int(8710, 0, 65535),

  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.refine((v) => v === undefined || v.startsWith('xapp-'), {
    message: 'must be an app-level token (xapp-…, scope connections:write), not a bot or user token',
  }),
  SLACK_API_URL: optionalString,
  /** adpilot admins besides the Slack workspace's own admins and owners: comma-separated Slack user ids. */
  ADPILOT_ADMIN_USER_IDS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[UW][A-Z0-9_]+$/, 'expected Slack user ids like U0123ABC, comma-separated'))),
  /**
   * Keys that encrypt stored Meta tokens: `id:<base64 of 32 bytes>`, comma-separated; the first encrypts, all decrypt
   * (rotation: put the new key first, keep the old ones until `./adpilot accounts list` shows none use them).
   * Issues never echo the value: it is a secret.
   */
  ADPILOT_ENCRYPTION_KEYS: z
    .string()
    .default('')
    .transform((v, ctx) => {
      const keys = v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((entry) => {
          const at = entry.indexOf(':');
          return { id: entry.slice(0, at), secret: entry.slice(at + 1) };
        });
      for (const [i, k] of keys.entries()) {
        if (!/^[A-Za-z0-9_-]{1,32}$/.test(k.id) || !/^[A-Za-z0-9+/]{43}=$/.test(k.secret))
          ctx.addIssue({
            code: 'custom',
            message: `key ${i + 1}: expected id:<base64 of 32 bytes>, e.g. k1:$(openssl rand -base64 32)`,
          });
      }
      if (new Set(keys.map((k) => k.id)).size !== keys.length)
        ctx.addIssue({ code: 'custom', message: 'key ids must be unique' });
      return keys;
    }),
  /**
   * Several workspaces: Bolt's OAuth install flow ("Add to Slack" at /slack/install) instead of one SLACK_BOT_TOKEN.
   * All three together; bot tokens are then stored encrypted with ADPILOT_ENCRYPTION_KEYS.
   */
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  /** The bot's HTTP port (Slack request URL /slack/events, and the read-only dashboard API). */
  BOT_PORT: int(3000, 0, 65535),
  /** Interface the bot binds in real HTTP mode (default 0.0.0.0); the local workspace always binds 127.0.0.1. */
  BOT_HOST: optionalString,
  /** Port of the local Slack workspace (emulator + web page) started when SLACK_BOT_TOKEN is unset. */
  WORKSPACE_PORT: int(3100, 0, 65535),

  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),

  /** Forecast dashboards (issue #8): regeneration cadence per account, in minutes (the seeds' 30). */
  FORECAST_INTERVAL_MINUTES: int(30, 1, 24 * 60),
  /** What a "channel" is: the campaign objective, or a naming convention on the campaign name. */
  FORECAST_CHANNEL_GROUPING: z.enum(['objective', 'naming']).default('objective'),
  /** With naming: a regular expression on the campaign name whose first capture group is the channel. */
  FORECAST_NAMING_PATTERN: optionalString.refine(
    (v) => {
      if (v === undefined) return true;
      try {
        new RegExp(v);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'expected a regular expression' },
  ),
  /** Days of daily history the forecasts fit on, and days ahead they predict. */
  FORECAST_HISTORY_DAYS: int(56, 7, 90),
  FORECAST_HORIZON_DAYS: int(7, 1, 28),
  /** Drift: mean relative error above this for FORECAST_DRIFT_DAYS days in a row alerts and flags retraining. */
  FORECAST_DRIFT_THRESHOLD: num(0.25, 0, 100),
  FORECAST_DRIFT_DAYS: int(3, 1, 30),
  /** Bearer token of the read-only dashboard API on BOT_PORT; unset turns the API off (503). */
  DASHBOARD_API_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'expected at least 16 characters',
  }),
});

/**
 * Start-up checks across variables. Slack signs every request with the signing secret; a real bot token in HTTP
 * mode without one would have to accept unsigned requests, so anyone reaching the port could forge commands and
 * approvals. Only the local workspace (no SLACK_BOT_TOKEN) uses a fixed secret, and it binds to loopback.
 */
const checkedSchema = configSchema.superRefine((c, ctx) => {
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      message:
        'required in HTTP mode with a real bot token (SLACK_BOT_TOKEN set): without it Slack requests cannot be ' +
        "verified. Set it from the app's Basic Information page, or use Socket Mode (SLACK_APP_TOKEN)",
    });
  const oauth = [c.SLACK_CLIENT_ID, c.SLACK_CLIENT_SECRET, c.SLACK_STATE_SECRET];
  if (oauth.some(Boolean) && !oauth.every(Boolean))
    ctx.addIssue({
      code: 'custom',
      path: [['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'][oauth.findIndex((v) => !v)]!],
      message: 'the OAuth install flow needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET together',
    });
  if (c.SLACK_CLIENT_ID && c.SLACK_BOT_TOKEN)
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_BOT_TOKEN'],
      message: 'set either SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID… (OAuth, several workspaces), not both',
    });
  if (c.SLACK_CLIENT_ID && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['SLACK_SIGNING_SECRET'],
      message: 'required with the OAuth install flow in HTTP mode: without it Slack requests cannot be verified',
    });
  if (c.SLACK_CLIENT_ID && c.ADPILOT_ENCRYPTION_KEYS.length === 0)
    ctx.addIssue({
      code: 'custom',
      path: ['ADPILOT_ENCRYPTION_KEYS'],
      message: 'required with the OAuth install flow: installation bot tokens are stored encrypted',
    });
  if (Boolean(c.TEMPORAL_TLS_CERT_PATH) !== Boolean(c.TEMPORAL_TLS_KEY_PATH))
    ctx.addIssue({
      code: 'custom',
      path: [c.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
      message: 'the client certificate and key go together (TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH)',
    });
});

export type Config = Readonly<z.infer<typeof configSchema>>;

/** Raised when the environment is invalid; the message names every bad variable and what it expected. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const got = 'input' in issue && issue.input !== undefined ? ` (got ${JSON.stringify(issue.input)})` : '';
      return `  ${name}: ${issue.message}${got}`;
    })
    .join('\n');
}

/**
 * Parses an environment into a frozen config.
 * @throws ConfigError naming each invalid variable.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = checkedSchema.safeParse(env);
  if (!result.success) throw new ConfigError(`Invalid configuration:\n${describeIssues(result.error)}`);
  return Object.freeze(result.data);
}

let cached: Config | undefined;
/** The process's config, parsed from `process.env` once. This module is the only reader of `process.env`. */
export function loadConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Settings of the local launcher (`npm start`): where embedded servers keep data and which ports they use. */
export const launcherSchema = z.object({
  DATABASE_URL: optionalString,
  TEMPORAL_ADDRESS: optionalString,
  TEMPORAL_CLI_PATH: optionalString,
  ADPILOT_DATA_DIR: z.string().default('.adpilot'),
  ADPILOT_PG_PORT: int(54329, 1, 65535),
  TEMPORAL_PORT: int(7233, 1, 65535),
  TEMPORAL_UI_PORT: int(8233, 1, 65535),
});
export type LauncherConfig = Readonly<z.infer<typeof launcherSchema>>;

export function loadLauncherConfig(env: Record<string, string | undefined> = process.env): LauncherConfig {
  const result = launcherSchema.safeParse(env);
  if (!result.success) throw new ConfigError(`Invalid configuration:\n${describeIssues(result.error)}`);
  return Object.freeze(result.data);
}
