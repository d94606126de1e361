import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { getAdAccount } from '../../src/db/accounts.ts';
import { listAudit } from '../../src/db/audit.ts';
import { buildEntityMetrics } from '../../src/db/entity-metrics.ts';
import { ruleHistory } from '../../src/db/rule-history.ts';
import { installDefaultRules, listRules } from '../../src/db/rules.ts';
import { DEFAULT_SEED } from '../../src/emulators/slack/index.ts';
import { generatedScenario } from '../../src/emulators/simulator/scenarios.ts';
import { backtestRule, evaluateRule, parseRule } from '../../src/intel/rules/index.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// The rule builder through the real Bolt app: /rules new opens the modal, each bad field gets its own error, the
// preview shows what the engine computes on the same stored data, Save stores the rule, audited.
const spec = generatedScenario({
  accountId: 'act_rulebuilder',
  token: 'rulebuilder-token',
  campaigns: 1,
  adsetsPerCampaign: 3,
  adsPerAdset: 1,
  seed: 58,
  historyDays: 20,
});
let h: BotHarness;
let channel: string;

beforeAll(async () => {
  h = await startBotHarness({ scenarios: [spec], collectEntities: true });
  channel = h.channelOf(spec.accountId);
  await installDefaultRules(h.db.pool, spec.accountId);
  await h.collect(spec.accountId);
}, 180_000);
afterAll(() => h?.close());

const send = (command: string, text: string, userId: string) =>
  h.emu.sendSlashCommand({ command, text, userId, channelId: channel });
const seen = (needle: string, userId: string) =>
  eventually(() =>
    h.emu.state
      .visibleMessages(channel, userId)
      .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
      .reverse()
      .find((m) => m.includes(needle)),
  );
const openBuilder = async (userId = 'U_ADMIN') => {
  await send('/rules', 'new', userId);
  return eventually(() => {
    const v = h.emu.state.openModal(userId);
    return v?.callback_id === 'rule_builder' ? v : undefined;
  });
};
const form = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { v }]));
/** The example rule, as the builder's fields. */
const STOP_LOSS = {
  name: 'Stop loss 48h',
  level: 'adset',
  join: 'all',
  c1_field: 'spend',
  c1_window: '48h',
  c1_op: '>',
  c1_value: '1',
  c2_field: 'conversions',
  c2_window: '48h',
  c2_op: '>=',
  c2_value: '0',
  action: 'pause',
  mode: 'approval_required',
  priority: '50',
  expiry: 'drop',
  expiry_hours: '24',
  backtest_days: '14',
};
const blocksText = (v: { blocks: unknown[] }) => JSON.stringify(v.blocks);

describe('/rules new', () => {
  it('refuses a non-admin and opens no modal', async () => {
    await send('/rules', 'new', 'U_OPERATOR');
    await seen('Only adpilot admins can run `/rules new`', 'U_OPERATOR');
    expect(h.emu.state.openModal('U_OPERATOR')).toBeUndefined();
  });

  it('offers exactly the engine’s fields in the field select', async () => {
    const view = await openBuilder();
    const block = (view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find(
      (b) => b.block_id === 'c1_field',
    );
    const { FIELDS } = await import('../../src/intel/rules/index.ts');
    expect(block?.element?.options?.map((o) => o.value)).toEqual([...FIELDS]);
  });

  it('pins each bad field to its own error and saves nothing', async () => {
    const before = (await listRules(h.db.pool, spec.accountId)).length;
    const view = await openBuilder();
    await h.emu.submitView({
      viewId: view.id,
      userId: 'U_ADMIN',
      values: form({
        ...STOP_LOSS,
        c2_field: 'learning_phase',
        c2_window: '24h',
        c3_field: 'cpa',
        c3_op: '>',
        c3_value: '{target_cpa * }',
        action: 'increase_budget',
        percent: '250',
        mode: 'automatic',
        priority: '0',
      }),
    });
    const errors = h.emu.state.views.get(view.id)!.errors!;
    expect(errors.c2_window).toBe('learning_phase is a current attribute and takes no window; drop 24h');
    expect(errors.c3_value).toMatch(/invalid expression/);
    expect(errors.percent).toBe('increase_budget needs a percent from 1 to 100');
    expect(errors.mode).toMatch(/^Automatic needs the learning policy/);
    expect(errors.priority).toBe('A whole number from 1 to 100');
    await h.emu.submitView({
      viewId: view.id,
      userId: 'U_ADMIN',
      values: form({ ...STOP_LOSS, level: 'ad', action: 'decrease_budget', percent: '10' }),
    });
    expect(h.emu.state.views.get(view.id)!.errors!.action).toContain('ads have no budget of their own');
    expect((await listRules(h.db.pool, spec.accountId)).length).toBe(before);
  });

  it('previews the numbers the engine computes on the same stored data, then saves the rule, audited', async () => {
    const view = await openBuilder();
    await h.emu.submitView({ viewId: view.id, userId: 'U_ADMIN', values: form(STOP_LOSS) });
    const preview = await eventually(() => {
      const v = h.emu.state.views.get(view.id)!;
      return v.callback_id === 'rule_preview' ? v : undefined;
    });
    const account = (await getAdAccount(h.db.pool, spec.accountId))!;
    const ctx = { target_cpa: account.target_cpa, target_roas: account.target_roas, currency: account.currency };
    const rule = parseRule({
      name: 'Stop loss 48h',
      applies_to: 'adset',
      window: '48h',
      conditions: {
        all: [
          { field: 'spend', window: '48h', operator: '>', value: 1 },
          { field: 'conversions', window: '48h', operator: '>=', value: 0 },
        ],
      },
      action: { type: 'pause' },
    });
    const now = h.meta.now();
    const results = evaluateRule(rule, await buildEntityMetrics(h.db.pool, spec.accountId, now), { ...ctx, now });
    const matched = results.filter((r) => r.status === 'matched').length;
    const bt = backtestRule(rule, await ruleHistory(h.db.pool, spec.accountId, now, 14), ctx);
    expect(matched).toBeGreaterThan(0); // the preview is checked against a rule that does something here
    expect(bt.totalMatches).toBeGreaterThan(0);
    const text = blocksText(preview);
    expect(text).toContain(`*Matches now:* ${matched} of ${results.length}`);
    expect(text).toContain(
      `*Backtest, last 14 days:* ${bt.totalMatches} proposals on ${bt.entitiesAffected} ` +
        `${bt.entitiesAffected === 1 ? 'entity' : 'entities'}, ${bt.spendInvolved.toFixed(2)} ${account.currency}`,
    );

    await h.emu.submitView({ viewId: view.id, userId: 'U_ADMIN', values: {} });
    await seen('Saved rule "Stop loss 48h"', 'U_ADMIN');
    const stored = (await listRules(h.db.pool, spec.accountId)).find((r) => r.rule.name === 'Stop loss 48h')!;
    expect({ ...stored.rule, enabled: true }).toEqual(rule);
    const audit = await listAudit(h.db.pool, DEFAULT_SEED.teamId, spec.accountId);
    expect(audit.find((a) => a.action === 'rule.add' && a.subject === stored.id)?.actor_user_id).toBe('U_ADMIN');
  });

  it('the text form gives the same rule, so it is refused as identical', async () => {
    const before = (await listRules(h.db.pool, spec.accountId)).length;
    await send('/rules', 'add if spend 48h > 1 and conversions 48h >= 0 then pause adset', 'U_ADMIN');
    await seen('is the same rule; nothing saved', 'U_ADMIN');
    expect((await listRules(h.db.pool, spec.accountId)).length).toBe(before);
  });

  it('the text form stores a new rule, audited with its text', async () => {
    await send('/rules', 'add if spend 48h > 2 and conversions 48h = 0 then pause adset', 'U_ADMIN');
    await seen('Added "if spend 48h', 'U_ADMIN');
    const stored = (await listRules(h.db.pool, spec.accountId)).at(-1)!;
    expect(stored.rule.conditions).toEqual({
      all: [
        { field: 'spend', window: '48h', operator: '>', value: 2 },
        { field: 'conversions', window: '48h', operator: '=', value: 0 },
      ],
    });
    const audit = await listAudit(h.db.pool, DEFAULT_SEED.teamId, spec.accountId);
    expect(audit.find((a) => a.subject === stored.id)?.after).toMatchObject({
      text: 'if spend 48h > 2 and conversions 48h = 0 then pause adset',
    });
  });

  it('a parse error in the text form points at the word', async () => {
    const res = await send('/rules', 'add if spnd 48h > 100 then pause adset', 'U_ADMIN');
    expect((res.json as { text: string }).text).toContain("unknown field 'spnd' at word 2; did you mean spend?");
  });

  it('a saved builder rule proposes on the next collection', async () => {
    await h.collect(spec.accountId);
    const stored = (await listRules(h.db.pool, spec.accountId)).find((r) => r.rule.name === 'Stop loss 48h')!;
    const n = await h.db.pool.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM intel_automation_action WHERE rule_id::text = ${stored.id}`,
    );
    expect(n).toBeGreaterThan(0);
  });
});
