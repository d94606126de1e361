import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { USAGE } from '../../src/slack/usage.ts';
import { installDefaultRules, listRules } from '../../src/db/rules.ts';
import { testAccount } from '../support/scenarios.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// Every slash command through the real Bolt app with signed requests from the Slack emulator: malformed input is
// answered in the ack with what was wrong and the usage line; the commands other files do not cover, end to end.
const spec = testAccount('commands', [1, 2, 2], { seed: 41, historyDays: 10 });
let h: BotHarness;
let channel: string;

beforeAll(async () => {
  h = await startBotHarness({ scenarios: [spec] });
  channel = h.channelOf(spec.accountId);
  await installDefaultRules(h.db.pool, spec.accountId);
}, 120_000);
afterAll(() => h?.close());

const send = (command: string, text = '', userId = 'U_APPROVER') =>
  h.emu.sendSlashCommand({ command, text, userId, channelId: channel });
/** The newest message visible to the user that contains `needle` (the answer arrives through response_url). */
const answer = (needle: string, userId = 'U_APPROVER') =>
  eventually(() =>
    h.emu.state
      .visibleMessages(channel, userId)
      .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
      .reverse()
      .find((m) => m.includes(needle)),
  );

describe('malformed commands', () => {
  const cases: [string, string, string][] = [
    ['/sync-now', 'now please', 'sync-now'],
    ['/score', 'act_a act_b', 'score'],
    ['/pending', 'all', 'pending'],
    ['/status', 'verbose', 'status'],
    ['/patterns', 'refresh twice', 'patterns'],
    ['/rules', 'delete 1', 'rules'],
    ['/rules', 'backtest 1 500', 'rules'],
    ['/forecast', 'tomorrow', 'forecast'],
    ['/budget', 'lots', 'budget'],
    ['/accuracy', 'yesterday', 'accuracy'],
    ['/adpilot', 'explode', 'adpilot'],
  ];
  it.each(cases)('%s %s is answered with the error and the usage line, and changes nothing', async (c, text, key) => {
    const before = (await listRules(h.db.pool, spec.accountId)).map((r) => [r.id, r.enabled]);
    const res = await send(c, text);
    expect(res.status).toBe(200);
    const body = (res.json ?? {}) as { text?: string; response_type?: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain(USAGE[key]!);
    expect(body.text!.split('\n')[0]!.length).toBeGreaterThan(5); // the error itself, before the usage line
    expect((await listRules(h.db.pool, spec.accountId)).map((r) => [r.id, r.enabled])).toEqual(before);
  });
});

describe('/rules', () => {
  it('lists the templates', async () => {
    await send('/rules', 'templates');
    await answer('`zero_conversion_stop_loss`');
  });

  // Rule changes are for admins (test/bot/access.test.ts); U_ADMIN is the emulator's workspace admin.
  it('disables and re-enables a rule by its number, and the list shows it', async () => {
    const first = (await listRules(h.db.pool, spec.accountId))[0]!;
    await send('/rules', 'disable 1', 'U_ADMIN');
    await answer(`Disabled "${first.rule.name}"`, 'U_ADMIN');
    expect((await listRules(h.db.pool, spec.accountId))[0]!.enabled).toBe(false);
    await send('/rules');
    await answer(`1. *${first.rule.name}*`);
    await send('/rules', 'enable 1', 'U_ADMIN');
    await answer(`Enabled "${first.rule.name}"`, 'U_ADMIN');
    expect((await listRules(h.db.pool, spec.accountId))[0]!.enabled).toBe(true);
  });

  it('refuses an unknown rule number and an unknown template, naming what to use instead', async () => {
    await send('/rules', 'disable 42', 'U_ADMIN');
    await answer('No rule \\"42\\"', 'U_ADMIN');
    await send('/rules', 'add no_such_template', 'U_ADMIN');
    await answer('No template \\"no_such_template\\"', 'U_ADMIN');
  });
});

describe('the umbrella command and help', () => {
  it('/adpilot status answers as /status does', async () => {
    await send('/adpilot', 'status');
    await answer('Status: ');
  });

  it('/adpilot help lists every command', async () => {
    await send('/adpilot', 'help');
    const help = await answer('adpilot commands');
    for (const c of ['/sync-now', '/score', '/pending', '/rules', '/status', '/forecast', '/budget', '/accuracy'])
      expect(help).toContain(c);
  });

  it('/pending answers with the account’s open proposals (none here)', async () => {
    await send('/pending');
    await answer(`No open proposals for ${spec.name}`);
  });
});

describe('what the bot sent', () => {
  it('was all accepted by the emulator, Block Kit limits included', () => {
    expect(
      h.emu
        .calls()
        .filter((c) => !c.ok)
        .map((c) => `${c.method}: ${c.error}`),
    ).toEqual([]);
  });
});
