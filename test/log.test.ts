import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { captureLogs, createLogger, REDACTED, type LogRecord } from '../src/log.ts';

describe('records', () => {
  it('carry time, level, msg and the context fields', () => {
    const records: LogRecord[] = [];
    const log = createLogger({ sink: (r) => records.push(r), now: () => Date.UTC(2026, 0, 2, 3, 4, 5) });
    log.info('proposal posted', { accountId: 'act_1', proposalId: 7 });
    expect(records).toEqual([
      { time: '2026-01-02T03:04:05.000Z', level: 'info', msg: 'proposal posted', accountId: 'act_1', proposalId: 7 },
    ]);
    expect(Object.keys(records[0]!).slice(0, 3)).toEqual(['time', 'level', 'msg']);
  });

  it('drop what is below the level', () => {
    const { log, records } = captureLogs('warn');
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(records.map((r) => r.level)).toEqual(['warn', 'error']);
    expect(log.enabled('info')).toBe(false);
    expect(log.enabled('error')).toBe(true);
  });

  it('from a child carry its context, and a record field wins over it', () => {
    const { log, records } = captureLogs();
    const child = log.child({ accountId: 'act_1', command: '/score' }).child({ userId: 'U1' });
    child.warn('slow', { command: '/status' });
    expect(records[0]).toMatchObject({ accountId: 'act_1', userId: 'U1', command: '/status', msg: 'slow' });
  });

  it('keep their own level and msg when a context field has the same name', () => {
    const { log, records } = captureLogs();
    log.info('real', { level: 'error', msg: 'fake' });
    expect(records[0]).toMatchObject({ level: 'info', msg: 'real' });
  });

  it('serialize errors with name, message, type, stack and cause', () => {
    const { log, records } = captureLogs();
    const failure = ApplicationFailure.nonRetryable('token expired', 'MetaAuth');
    log.error('collection failed', { error: new Error('activity failed', { cause: failure }) });
    const error = records[0]!.error as Record<string, unknown>;
    expect(error).toMatchObject({ name: 'Error', message: 'activity failed' });
    expect(String(error.stack)).toContain('activity failed');
    expect(error.cause).toMatchObject({ name: 'ApplicationFailure', message: 'token expired', type: 'MetaAuth' });
  });

  it('are JSON: bigints as strings, cycles cut, a shared object kept twice', () => {
    const { log, records } = captureLogs();
    const shared = { id: 1 };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    log.info('x', { big: 10n, cyclic, pair: [shared, shared] });
    expect(JSON.parse(JSON.stringify(records[0]))).toMatchObject({
      big: '10',
      cyclic: { name: 'loop', self: '[circular]' },
      pair: [{ id: 1 }, { id: 1 }],
    });
  });
});

describe('secrets', () => {
  it('are redacted from fields named like a token, secret or authorization, at any depth', () => {
    const { log, records } = captureLogs();
    log.info('connecting', {
      token: 'abc',
      accessToken: 'abc',
      access_token: 'abc',
      signingSecret: 'abc',
      headers: { Authorization: 'abc', accept: 'json' },
      installs: [{ botToken: 'abc', teamId: 'T1' }],
    });
    expect(records[0]).toMatchObject({
      token: REDACTED,
      accessToken: REDACTED,
      access_token: REDACTED,
      signingSecret: REDACTED,
      headers: { Authorization: REDACTED, accept: 'json' },
      installs: [{ botToken: REDACTED, teamId: 'T1' }],
    });
  });

  it.each([
    ['a Slack bot token', 'xoxb-1234-5678-abcdEFGH'],
    ['a Slack user token', 'xoxp-1234-5678-abcdEFGH'],
    ['a Slack app token', 'xapp-1-A123-456-abcdef'],
    ['a Meta access token', 'EAAGm0PX4ZCpsBAKZCZBxyz1234567890abcdef'],
  ])('are redacted when %s appears in the message, a field or an error', (_what, secret) => {
    const { log, records } = captureLogs();
    log.error(`call with ${secret} failed`, {
      note: `token was ${secret}.`,
      error: new Error(`invalid_auth for ${secret}`),
      nested: { list: [secret] },
    });
    const line = JSON.stringify(records);
    expect(line).not.toContain(secret);
    expect(records[0]!.msg).toBe(`call with ${REDACTED} failed`);
    expect(records[0]!.note).toBe(`token was ${REDACTED}.`);
  });

  it('are redacted from Graph API URLs and bearer headers inside strings', () => {
    const { log, records } = captureLogs();
    log.warn('GET https://graph.facebook.com/v23.0/act_1?fields=id&access_token=s3cr3t&limit=5 failed', {
      curl: 'curl -H "Authorization: Bearer dash-board-t0ken-123456"',
    });
    expect(records[0]!.msg).toBe(
      `GET https://graph.facebook.com/v23.0/act_1?fields=id&access_token=${REDACTED}&limit=5 failed`,
    );
    expect(records[0]!.curl).toBe(`curl -H "Authorization: Bearer ${REDACTED}"`);
    expect(JSON.stringify(records)).not.toMatch(/s3cr3t|dash-board-t0ken/);
  });

  it('leave ids and ordinary text alone', () => {
    const { log, records } = captureLogs();
    log.info('Approved by U_APPROVER', { accountId: 'act_123', workflowId: 'approval-7', text: 'EAA is short' });
    expect(records[0]).toMatchObject({
      msg: 'Approved by U_APPROVER',
      accountId: 'act_123',
      workflowId: 'approval-7',
      text: 'EAA is short',
    });
  });
});
