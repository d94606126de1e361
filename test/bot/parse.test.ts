import { describe, expect, it } from '@jest/globals';
import { parseCommand } from '../../src/bot/commands/parse.ts';

describe('parseCommand', () => {
  it('defaults to the channel account when none is given', () => {
    expect(parseCommand('/score', '')).toEqual({ ok: true, value: { command: 'score', account: undefined } });
  });

  it('takes an explicit account anywhere in the text', () => {
    expect(parseCommand('/sync-now', ' act_123 ')).toEqual({
      ok: true,
      value: { command: 'sync-now', account: 'act_123' },
    });
  });

  it('answers help for every command', () => {
    expect(parseCommand('/rules', 'help')).toEqual({ ok: true, value: { command: 'help', topic: 'rules' } });
    expect(parseCommand('/adpilot', '')).toEqual({ ok: true, value: { command: 'help' } });
  });

  it('routes /adpilot subcommands to the same grammar', () => {
    expect(parseCommand('/adpilot', 'sync act_9')).toEqual({
      ok: true,
      value: { command: 'sync-now', account: 'act_9' },
    });
    expect(parseCommand('/adpilot', 'rules backtest 2 30')).toMatchObject({
      ok: true,
      value: { sub: 'backtest', ruleRef: '2', days: 30 },
    });
  });

  it('refuses stray words with the usage line', () => {
    const r = parseCommand('/score', 'please now');
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('Unexpected "please now"') as unknown });
    expect(r.ok ? '' : r.usage).toMatch(/\/score \[account\]/);
  });

  it('refuses two accounts', () => {
    expect(parseCommand('/status', 'act_1 act_2')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Two accounts') as unknown,
    });
  });

  it('parses a budget with currency signs and thousands separators', () => {
    expect(parseCommand('/budget', '$1,500')).toEqual({
      ok: true,
      value: { command: 'budget', total: 1500, account: undefined },
    });
  });

  it('refuses a missing, negative or absurd budget', () => {
    expect(parseCommand('/budget', '')).toMatchObject({ ok: false });
    expect(parseCommand('/budget', '-5')).toMatchObject({ ok: false, error: '"-5" is not a positive amount.' });
    expect(parseCommand('/budget', '1e9')).toMatchObject({ ok: false });
  });

  it('validates rules subcommands and backtest days', () => {
    expect(parseCommand('/rules', '')).toEqual({
      ok: true,
      value: { command: 'rules', sub: 'list', account: undefined },
    });
    expect(parseCommand('/rules', 'add zero_conversion_stop_loss')).toMatchObject({
      ok: true,
      value: { sub: 'add', templateId: 'zero_conversion_stop_loss' },
    });
    expect(parseCommand('/rules', 'backtest 1 365')).toMatchObject({
      ok: false,
      error: expect.stringContaining('1 to 90') as unknown,
    });
    expect(parseCommand('/rules', 'explode')).toMatchObject({
      ok: false,
      error: 'Unknown rules subcommand "explode".',
    });
    expect(parseCommand('/rules', 'enable')).toMatchObject({ ok: false });
  });

  it('refuses an unknown /adpilot subcommand', () => {
    expect(parseCommand('/adpilot', 'launch rockets')).toMatchObject({
      ok: false,
      error: 'Unknown subcommand "launch".',
    });
  });

  it('parses the account subcommands of /adpilot', () => {
    expect(parseCommand('/adpilot', 'connect')).toEqual({ ok: true, value: { command: 'connect' } });
    expect(parseCommand('/adpilot', 'accounts')).toEqual({ ok: true, value: { command: 'accounts' } });
    expect(parseCommand('/adpilot', 'settings')).toEqual({
      ok: true,
      value: { command: 'settings', account: undefined },
    });
    expect(parseCommand('/adpilot', 'settings act_42')).toEqual({
      ok: true,
      value: { command: 'settings', account: 'act_42' },
    });
    expect(parseCommand('/adpilot', 'disconnect act_42')).toEqual({
      ok: true,
      value: { command: 'disconnect', account: 'act_42' },
    });
  });

  it('refuses disconnect without an account, and words after connect', () => {
    const r = parseCommand('/adpilot', 'disconnect');
    expect(r).toMatchObject({ ok: false, error: expect.stringContaining('Give the account to disconnect') as unknown });
    expect(r.ok ? '' : r.usage).toContain('/adpilot disconnect &lt;account&gt;');
    expect(parseCommand('/adpilot', 'connect act_1')).toMatchObject({ ok: false });
  });
});
