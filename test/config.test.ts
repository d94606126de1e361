import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from '../src/config.ts';

const base = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/adpilot' };

describe('parseConfig', () => {
  it('applies the documented safety defaults', () => {
    const c = parseConfig(base);
    expect(c).toMatchObject({
      ENABLE_ACTION_EXECUTOR: false,
      MAX_AUTO_ACTIONS_PER_HOUR: 10,
      REQUIRE_APPROVAL_FOR_DAYS: 30,
      MIN_CONFIDENCE_FOR_AUTO: 0.85,
      MAX_BUDGET_CHANGE_PERCENT: 30,
      ACTION_COOLDOWN_HOURS: 4,
      INSIGHTS_COLLECTION_INTERVAL: 60,
      INITIAL_HISTORICAL_DAYS: 30,
      ML_SHADOW_MODE: true,
      MIN_TRAINING_SAMPLES: 1000,
      TEMPORAL_ADDRESS: '127.0.0.1:7233',
      TASK_QUEUE: 'adpilot',
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("reads 'false' as false, not as a truthy string", () => {
    expect(parseConfig({ ...base, ENABLE_INTELLIGENCE: 'false' }).ENABLE_INTELLIGENCE).toBe(false);
    expect(parseConfig({ ...base, ENABLE_ACTION_EXECUTOR: 'true' }).ENABLE_ACTION_EXECUTOR).toBe(true);
  });

  it('names the variable and what it expected when a value is wrong', () => {
    expect(() => parseConfig({ ...base, ENABLE_ACTION_EXECUTOR: 'yes' })).toThrow(
      /ENABLE_ACTION_EXECUTOR: expected 'true' or 'false'/,
    );
    expect(() => parseConfig({ ...base, MIN_CONFIDENCE_FOR_AUTO: '1.5' })).toThrow(/MIN_CONFIDENCE_FOR_AUTO/);
    expect(() => parseConfig({ ...base, TEMPORAL_ADDRESS: 'nope' })).toThrow(/TEMPORAL_ADDRESS: expected host:port/);
    expect(() => parseConfig({})).toThrow(ConfigError);
    expect(() => parseConfig({})).toThrow(/DATABASE_URL/);
  });

  it('accepts only an app-level token for Socket Mode', () => {
    expect(parseConfig({ ...base, SLACK_APP_TOKEN: 'xapp-1-A1-123-abc' }).SLACK_APP_TOKEN).toBe('xapp-1-A1-123-abc');
    expect(() => parseConfig({ ...base, SLACK_APP_TOKEN: 'xoxb-123' })).toThrow(
      /SLACK_APP_TOKEN: must be an app-level token/,
    );
  });
});

describe('start-up checks', () => {
  it('refuses HTTP mode with a real bot token and no signing secret, naming SLACK_SIGNING_SECRET', () => {
    expect(() => parseConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-real' })).toThrow(
      /SLACK_SIGNING_SECRET: required in HTTP mode with a real bot token/,
    );
  });

  it('accepts a real bot token with a signing secret, or in Socket Mode without one', () => {
    expect(parseConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-real', SLACK_SIGNING_SECRET: 's3cret' }).BOT_HOST).toBe(
      undefined,
    );
    expect(
      parseConfig({ ...base, SLACK_BOT_TOKEN: 'xoxb-real', SLACK_APP_TOKEN: 'xapp-1-A-1-x' }).SLACK_APP_TOKEN,
    ).toBe('xapp-1-A-1-x');
  });

  it('wants the three OAuth variables together, with a signing secret and an encryption key', () => {
    const key = `k1:${Buffer.alloc(32, 7).toString('base64')}`;
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss' };
    expect(() => parseConfig({ ...base, SLACK_CLIENT_ID: '1.2' })).toThrow(/SLACK_CLIENT_SECRET: the OAuth install/);
    expect(() => parseConfig({ ...base, ...oauth, ADPILOT_ENCRYPTION_KEYS: key })).toThrow(
      /SLACK_SIGNING_SECRET: required with the OAuth install flow/,
    );
    expect(() => parseConfig({ ...base, ...oauth, SLACK_SIGNING_SECRET: 's' })).toThrow(/ADPILOT_ENCRYPTION_KEYS/);
    expect(() =>
      parseConfig({
        ...base,
        ...oauth,
        SLACK_SIGNING_SECRET: 's',
        ADPILOT_ENCRYPTION_KEYS: key,
        SLACK_BOT_TOKEN: 'xoxb-1',
      }),
    ).toThrow(/SLACK_BOT_TOKEN: set either/);
    const ok = parseConfig({ ...base, ...oauth, SLACK_SIGNING_SECRET: 's', ADPILOT_ENCRYPTION_KEYS: key });
    expect([ok.SLACK_CLIENT_ID, ok.ADPILOT_ENCRYPTION_KEYS.map((k) => k.id)]).toEqual(['1.2', ['k1']]);
  });

  it('wants the Temporal client certificate and key together', () => {
    expect(() => parseConfig({ ...base, TEMPORAL_TLS_CERT_PATH: '/c.pem' })).toThrow(/TEMPORAL_TLS_KEY_PATH/);
    expect(() => parseConfig({ ...base, TEMPORAL_TLS_KEY_PATH: '/k.pem' })).toThrow(/TEMPORAL_TLS_CERT_PATH/);
  });
});
