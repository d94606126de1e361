import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { getAction, listOpenProposals } from '../../src/db/actions.ts';
import { listRules } from '../../src/db/rules.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { eventually as until } from '../support/eventually.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// /sync-now end to end (Schedule → collectAccount → progress message → summary) and a replayed Approve click,
// through the real Bolt app, the Slack emulator, the real Temporal dev server and PostgreSQL.
// The demo account (its collection proposes pausing the ad set that spends without purchases) under an id of its
// own: Schedule ids derive from account ids and the Temporal server is shared by all test files.
const spec = { ...scenarios.demo(), accountId: 'act_demo_syncnow', token: 'demo-syncnow-token' };
const CHANNEL = `C_${spec.accountId}`;
let h: BotHarness;
let db: BotHarness['db'];
let emu: BotHarness['emu'];

beforeAll(async () => {
  h = await startBotHarness({ scenarios: [spec], schedules: true });
  ({ db, emu } = h);
}, 120_000);

afterAll(() => h?.close());

const botMessages = () =>
  emu.state.visibleMessages(CHANNEL, 'U_VIEWER').filter((m) => m.user === 'U_ADPILOT' || m.bot_id);
const runRow = z.object({ status: z.string(), rows: z.number(), proposals: z.number() });

describe('/sync-now', () => {
  it('posts a progress message in the channel and updates it in place to the run summary', async () => {
    const answer = await emu.sendSlashCommand({ command: '/sync-now', userId: 'U_VIEWER', channelId: CHANNEL });
    expect(answer.status).toBe(200);
    const progress = await until(async () => botMessages().find((m) => m.text.includes('Collecting')));
    const summary = await until(async () => {
      const m = emu.state.findMessage(CHANNEL, progress.ts);
      return m && m.text.includes('completed') ? m : undefined;
    }, 60_000);
    const run = await db.pool.one(sql.type(runRow)`
      SELECT status, (summary->>'rowsWritten')::int AS rows, coalesce((summary->>'proposalsCreated')::int, 0) AS proposals
      FROM collection_run WHERE account_id = ${spec.accountId} ORDER BY started_at DESC LIMIT 1`);
    expect(run.status).toBe('completed');
    const blocks = JSON.stringify(summary.blocks);
    expect(blocks).toContain('Collected');
    expect(blocks).toContain(`*Rows written*\\n${run.rows.toLocaleString('en-US')}`);
    expect(blocks).toContain(`*New proposals*\\n${run.proposals}`);
    expect(blocks).toContain('7 ads');
    // Updated in place: the progress message became the summary; no second message was posted for it.
    const updates = emu.calls('chat.update').filter((c) => c.args.ts === progress.ts);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(botMessages().filter((m) => m.text.includes('Collect')).length).toBe(1);
  }, 90_000);

  it('refuses an account that is not connected, with the usage of accounts', async () => {
    await emu.sendSlashCommand({ command: '/sync-now', text: 'act_nope', userId: 'U_VIEWER', channelId: CHANNEL });
    await until(async () =>
      emu.state.visibleMessages(CHANNEL, 'U_VIEWER').some((m) => m.text.includes('act_nope is not connected'))
        ? true
        : undefined,
    );
  });
});

describe('/rules', () => {
  const reply = async (text: string, includes: string) =>
    until(async () => {
      await emu.sendSlashCommand({ command: '/rules', text, userId: 'U_APPROVER', channelId: CHANNEL });
      const seen = emu.state
        .visibleMessages(CHANNEL, 'U_APPROVER')
        .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
        .find((m) => m.includes(includes));
      return seen;
    });

  it('backtests a rule on stored history and finds every entity the collection proposed for it at that time', async () => {
    const rules = await listRules(db.pool, spec.accountId);
    expect(rules.length).toBeGreaterThan(0);
    const open = await listOpenProposals(db.pool, spec.accountId);
    expect(open.length).toBeGreaterThan(0);
    // Each rule proposal's card names its rule.
    for (const p of open.filter((x) => x.rule_id && x.slack_message_ts)) {
      const name = rules.find((r) => r.id === p.rule_id)!.rule.name;
      expect(JSON.stringify(emu.state.findMessage(CHANNEL, p.slack_message_ts!)?.blocks)).toContain(name);
    }
    for (const [i, r] of rules.entries()) {
      if (!r.enabled) continue;
      // The backtest evaluates the rule alone; the collection proposed at most one action per entity, so every
      // entity it proposed for this rule is among the backtest's matches.
      const proposed = open.filter((p) => p.rule_id === r.id);
      const answer = await reply(`backtest ${i + 1} 1`, `Backtest: ${r.rule.name}`);
      const matched = Number(/matched \*(\d+)\* times/.exec(answer)?.[1]);
      expect(matched).toBeGreaterThanOrEqual(proposed.length);
      for (const p of proposed) expect(answer).toContain(p.entity_name!);
    }
  }, 60_000);

  it('answers a backtest of a rule that does not exist with how to find one', async () => {
    await reply('backtest 99', 'No rule \\"99\\"');
  });
});

describe('a replayed Approve click', () => {
  const adset = spec.campaigns[0]!.adsets.find((a) => a.id !== 'as_demo_interest')!;
  it('decides once: the second delivery is refused with a reason and the decision is recorded once', async () => {
    const id = await h.propose('replay-test-1', {
      entityId: adset.id,
      entityName: adset.name,
      evidence: [],
      explanation: 'Spent $120 with no purchases.',
      expectedImpact: undefined,
      confidence: undefined,
    });
    const ts = await h.cardTs(id);
    const click = {
      userId: 'U_APPROVER',
      actionId: 'proposal_approve',
      channelId: CHANNEL,
      messageTs: ts,
      value: String(id),
    };
    const [a, b] = await Promise.all([emu.clickButton(click), emu.clickButton(click)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await until(async () => ((await getAction(db.pool, id))?.status === 'recorded' ? true : undefined));
    await until(async () =>
      emu.state.visibleMessages(CHANNEL, 'U_APPROVER').some((m) => /already|no longer/i.test(m.text))
        ? true
        : undefined,
    );
    const events = await db.pool.any(
      sql.type(z.object({ to_status: z.string() }))`SELECT to_status FROM intel_action_event WHERE action_id = ${id}`,
    );
    expect(events.filter((e) => e.to_status === 'approved')).toHaveLength(1);
  }, 60_000);

  it('refuses a request replayed after Slack’s five-minute window with 401', async () => {
    const answer = await emu.sendSlashCommand({
      command: '/pending',
      userId: 'U_APPROVER',
      channelId: CHANNEL,
      tamper: 'stale-timestamp',
    });
    expect(answer.status).toBe(401);
  });
});

describe('what the bot sent', () => {
  it('was all accepted by the emulator, Block Kit limits included', () => {
    // At least the progress post, its update to the summary, and the proposal card.
    expect(emu.calls().length).toBeGreaterThanOrEqual(3);
    expect(
      emu
        .calls()
        .filter((c) => !c.ok)
        .map((c) => `${c.method}: ${c.error}`),
    ).toEqual([]);
  });
});
