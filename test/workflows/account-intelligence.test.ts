import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { z } from 'zod';
import { createProposalActivities } from '../../src/activities/proposals.ts';
import { proposeValue } from '../../src/slack/score-view.ts';
import { recommendationProposal } from '../../src/intel/recommendation-proposal.ts';
import type { RunSummary } from '../../src/db/collection-runs.ts';
import { latestAccountScore } from '../../src/db/account-scores.ts';
import { listPatterns } from '../../src/db/learned-patterns.ts';
import { insertProposal, listOpenProposals } from '../../src/db/actions.ts';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { listNotifications } from '../../src/db/notifications.ts';
import { fatigueForecast } from '../../src/db/fatigue-forecast.ts';
import { addRule, listRules } from '../../src/db/rules.ts';
import { getTrackingState } from '../../src/db/tracking-state.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { DEFAULT_SEED } from '../../src/emulators/slack/state.ts';
import type { ScenarioSpec } from '../../src/emulators/simulator/scenario.ts';
import { intelWorkflowId } from '../../src/workflows/ids.ts';
import { ensureAccountSchedule, triggerAccountSchedule } from '../../src/temporal/schedules.ts';
import { inkStats, pngSize } from '../charts/png.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually } from '../support/eventually.ts';
import { testConfig } from '../support/meta.ts';
import { slash } from '../support/slack.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

const until = <T>(check: () => Promise<T | undefined>, timeoutMs = 60_000) => eventually(check, timeoutMs);

// The daily intel Schedule on a collected, seeded simulator account, read back through the real Bolt app.
const main = scenarios.fatigue();
const broken = scenarios['broken-pixel']();
const healthy = scenarios.healthy();
let h: BotHarness;
let db: BotHarness['db'];
let temporal: BotHarness['temporal'];
let meta: BotHarness['meta'];
let emu: BotHarness['emu'];

const collect = (s: ScenarioSpec): Promise<RunSummary> => h.collect(s.accountId);

beforeAll(async () => {
  // The main account is the one bound to #ads-ops; the worker records notifications without posting them.
  h = await startBotHarness({
    scenarios: [main, broken, healthy],
    channels: { [main.accountId]: 'C_ADS' },
    slackNotifier: false,
  });
  ({ db, temporal, meta, emu } = h);
  await collect(main);
}, 180_000);

// close() also deletes the Schedule the tests create.
afterAll(() => h?.close());

/** The latest message `user` sees in #ads-ops containing `needle`; on timeout the error lists what they saw. */
const said = (user: string, needle: string, channel = 'C_ADS') =>
  until(
    async () =>
      emu.state
        .visibleMessages(channel, user)
        .reverse()
        .find((m) => m.text.includes(needle) || JSON.stringify(m.blocks ?? []).includes(needle)),
    20_000,
  ).catch((error: unknown) => {
    const seen = emu.state.visibleMessages('C_ADS', user).map((m) => m.text.slice(0, 120));
    throw new Error(`${user} never saw "${needle}" (${(error as Error).message}); saw: ${JSON.stringify(seen)}`);
  });

describe('account intelligence', () => {
  it('stores a score when the daily Schedule runs, and /score shows it with the history chart', async () => {
    await ensureAccountSchedule(
      temporal.client,
      'intelligence',
      { ...h.config, INTEL_SCORE_HOUR_UTC: 6 },
      main.accountId,
    );
    await triggerAccountSchedule(temporal.client, 'intelligence', main.accountId);
    const stored = await until(async () => (await latestAccountScore(db.pool, main.accountId)) ?? undefined);
    expect(stored.sufficiency_mode).toBe('model');
    expect(stored.recommendations.length).toBeGreaterThan(0);
    // A stored score from eight days earlier: the card compares against it.
    const earlier = Math.max(0, stored.overall - 5);
    await db.pool.query(sql.unsafe`
      INSERT INTO intel_account_score (account_id, run_key, computed_at, overall, components, breakdown, sufficiency_mode)
      SELECT account_id, 'earlier', computed_at - interval '8 days', ${earlier}, components, breakdown, sufficiency_mode
      FROM intel_account_score WHERE id = ${stored.id}`);
    const filesBefore = emu.state.files.size;
    const answer = await emu.sendSlashCommand({ command: '/score', userId: 'U_APPROVER', channelId: 'C_ADS' });
    expect(answer.status).toBe(200);
    const card = await said('U_APPROVER', 'Account score: ');
    const text = JSON.stringify(card.blocks);
    expect(text).toContain(`*${stored.overall}* / 100`);
    expect(text).toContain(`${stored.overall - earlier} vs last week (${earlier})`);
    for (const c of ['learning', 'performance', 'budget', 'creative'] as const) {
      const v = stored[c];
      expect(text).toContain(v === null ? 'not assessed' : `*${Math.round(v)}*`);
    }
    expect(text).toContain(stored.recommendations[0]!.entityName);
    expect(text).toContain('recommendation_propose');
    expect(text).toContain('Data: sufficient');
    // The chart: uploaded through files.uploadV2 into the channel, a real PNG with ink on it.
    const file = await until(async () =>
      emu.state.files.size > filesBefore ? [...emu.state.files.values()].at(-1) : undefined,
    );
    expect(file.completed).toBe(true);
    expect(file.channels).toContain('C_ADS');
    expect(file.mimetype).toBe('image/png');
    expect(pngSize(file.bytes!)).toEqual({ width: 1600, height: 800 });
    expect((await inkStats(file.bytes!)).ink).toBeGreaterThan(1000);
  }, 120_000);

  it('records each ad the fatigue detector flags as one digest note, however often the account is scored', async () => {
    const stored = (await latestAccountScore(db.pool, main.accountId))!;
    const flagged = stored.recommendations.filter((r) => r.action === 'refresh_creative');
    expect(flagged.length).toBeGreaterThan(0); // the fatigue scenario has ads with a true onset
    const notes = async () =>
      (await listNotifications(db.pool, main.accountId, 'alert')).filter(
        (n) => (n.payload as { topic?: string }).topic === 'Creative fatigue',
      );
    const first = await notes();
    expect(first.map((n) => (n.payload as { entityId?: string }).entityId).sort()).toEqual(
      flagged.map((r) => r.entityId).sort(),
    );
    await triggerAccountSchedule(temporal.client, 'intelligence', main.accountId);
    await until(async () =>
      ((await latestAccountScore(db.pool, main.accountId))?.id ?? 0) > stored.id ? true : undefined,
    );
    expect((await notes()).length).toBe(first.length);
  }, 120_000);

  it('stores the fatigue detector’s verdicts, and the creative-fatigue rule proposes for the ads it flags', async () => {
    const verdicts = await fatigueForecast(db.pool, main.accountId);
    const sliding = verdicts.filter((v) => v.status !== 'none').map((v) => v.ad_id);
    expect(sliding.length).toBeGreaterThan(0); // the fatigue scenario has ads with a true onset
    expect(verdicts.length).toBeGreaterThan(sliding.length); // a verdict for every active ad, not all of them sliding
    await createProposalActivities({ pool: db.pool, config: testConfig(db.url), now: meta.now }).proposeActions(
      main.accountId,
    );
    const rule = (await listRules(db.pool, main.accountId)).find((r) => r.rule.name === 'Creative fatigue alert')!;
    const proposed = (await listOpenProposals(db.pool, main.accountId))
      .filter((p) => p.rule_id === rule.id)
      .map((p) => p.entity_id);
    for (const id of sliding) expect(proposed).toContain(id);
  }, 120_000);

  it('shows the stored score and the daily schedule on /status', async () => {
    const stored = (await latestAccountScore(db.pool, main.accountId))!;
    await emu.sendSlashCommand({ command: '/status', text: main.accountId, userId: 'U_APPROVER', channelId: 'C_ADS' });
    const card = await said('U_APPROVER', `Score ${Math.round(stored.overall)}/100`);
    expect(JSON.stringify(card.blocks)).toContain('daily at 6:00 UTC');
    // Slack renders the computed time from its date token, which must reach Slack unescaped.
    expect(JSON.stringify(card.blocks)).toContain('<!date^');
    expect(JSON.stringify(card.blocks)).not.toContain('&lt;!date');
  });

  it('computes a score on demand through the workflow, and says what is missing when there is no data', async () => {
    await upsertAdAccount(db.pool, {
      id: 'act_empty',
      workspaceId: DEFAULT_SEED.teamId,
      name: 'Empty',
      approverUserIds: ['U_APPROVER'],
    });
    // An account bound to no channel answers its approver in their DM with the app (reads are scoped).
    await emu.sendSlashCommand({ command: '/score', text: 'act_empty', userId: 'U_APPROVER', channelId: 'U_APPROVER' });
    const card = await said('U_APPROVER', 'No score yet: Empty', 'D_U_APPROVER');
    expect(JSON.stringify(card.blocks)).toContain('no collection has finished yet');
    // The on-demand run stored its (empty) score under the account's own workflow id.
    expect(await latestAccountScore(db.pool, 'act_empty')).toMatchObject({ overall: 0, learning: null });
    const run = await temporal.client.workflow.getHandle(intelWorkflowId('act_empty')).describe();
    expect(run.status.name).toBe('COMPLETED');
  }, 60_000);

  it('lists the learned patterns with their confidence for /patterns', async () => {
    const stored = await listPatterns(db.pool, main.accountId);
    expect(stored.length).toBeGreaterThan(0);
    await emu.sendSlashCommand({ command: '/patterns', userId: 'U_APPROVER', channelId: 'C_ADS' });
    const card = await said('U_APPROVER', 'Learned patterns: ');
    const text = JSON.stringify(card.blocks);
    expect(card.text).toContain(`${stored.length} learned patterns`);
    expect(text).toContain(`confidence ${stored[0]!.confidence.toFixed(2)}`);
  }, 60_000);

  it('relearns the patterns for /patterns refresh', async () => {
    const before = (await listPatterns(db.pool, main.accountId))[0]!.refreshed_at;
    await emu.sendSlashCommand({ command: '/patterns', text: 'refresh', userId: 'U_APPROVER', channelId: 'C_ADS' });
    await said('U_APPROVER', 'Relearned just now');
    // The worker's clock is fixed, so the rows keep their time; the card's note comes from the run's own result.
    expect((await listPatterns(db.pool, main.accountId))[0]!.refreshed_at).toBeGreaterThanOrEqual(before);
  }, 60_000);

  it('answers /patterns with an unexpected word with the error and the usage line', async () => {
    const answer = await slash(emu, '/patterns', 'sometimes');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Unexpected \\"sometimes\\"');
    expect(answer.body).toContain('/patterns [account] [refresh]');
  });

  it('turns a recommendation into one proposal, however often Propose is clicked', async () => {
    // A recommendation no open proposal covers yet (the collection's rules may have proposed the others already).
    const score = (await latestAccountScore(db.pool, main.accountId))!;
    const open = new Set(
      (await listOpenProposals(db.pool, main.accountId)).map((p) => `${p.entity_id}:${p.action_type}`),
    );
    const index = score.recommendations
      .slice(0, 5)
      .findIndex((r) => !open.has(`${r.entityId}:${recommendationProposal(r, 30).actionType}`));
    expect(index).toBeGreaterThanOrEqual(0);
    const value = proposeValue(score.id, index);
    // Each person clicks on their own (ephemeral) card, as in Slack.
    const click = async (userId: string) => {
      await emu.sendSlashCommand({ command: '/score', userId, channelId: 'C_ADS' });
      const card = await said(userId, `"value":"${value}"`);
      await emu.clickButton({
        userId,
        actionId: 'recommendation_propose',
        channelId: 'C_ADS',
        messageTs: card.ts,
        value,
      });
    };
    await click('U_VIEWER');
    await said('U_VIEWER', "Only this account's approvers");
    await click('U_APPROVER');
    await said('U_APPROVER', 'Proposed (#');
    await click('U_APPROVER');
    await said('U_APPROVER', 'Already proposed (#');
    const rows = await db.pool.any(sql.type(z.object({ id: z.number(), workflow_id: z.string().nullable() }))`
      SELECT id, workflow_id FROM intel_automation_action WHERE account_id = ${main.accountId} AND source = 'recommendation'`);
    expect(rows).toHaveLength(1);
    const described = await temporal.client.workflow.getHandle(rows[0]!.workflow_id!).describe();
    expect(described.type).toBe('approvalWorkflow');
  }, 60_000);
});

describe('the tracking-health breaker', () => {
  // A rule that matches every active ad set with any purchase count: it proposes whenever conversion rules run.
  const probe = {
    name: 'Conversion probe',
    applies_to: 'adset',
    window: '7d',
    conditions: {
      all: [
        { field: 'conversions', operator: '>=', value: 0 },
        { field: 'effective_status', operator: 'is', value: 'ACTIVE' },
      ],
    },
    action: { type: 'notify_only' },
    execution_mode: 'suggestion_only',
  };
  const probeProposals = async (accountId: string) =>
    db.pool.oneFirst(sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int AS n FROM intel_automation_action a JOIN intel_automation_rule r ON r.id = a.rule_id
      WHERE a.account_id = ${accountId} AND r.name = 'Conversion probe'`);

  it('suspends conversion-based rules on the broken-pixel scenario and says why', async () => {
    await addRule(db.pool, broken.accountId, probe, 'test');
    await collect(broken);
    const state = await getTrackingState(db.pool, broken.accountId);
    expect(state).toMatchObject({ status: 'broken' });
    expect(state!.observed).toBeLessThan(0.3 * state!.expected);
    expect(await probeProposals(broken.accountId)).toBe(0);
    const alerts = await listNotifications(db.pool, broken.accountId, 'alert');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.payload).toMatchObject({ reason: state!.reason });
    expect(alerts[0]!.payload.suspendedRules).toEqual(
      expect.arrayContaining(['Conversion probe', 'CPA over 2× target']),
    );
    expect(alerts[0]!.payload.suspendedRules).not.toContain('Creative fatigue alert');
  }, 120_000);

  it('does not execute an earlier proposal of a conversion-based rule while tracking is broken', async () => {
    const rule = (await listRules(db.pool, broken.accountId)).find((r) => r.rule.name === 'CPA over 2× target')!;
    const row = (await insertProposal(db.pool, {
      idempotencyKey: 'breaker-test',
      accountId: broken.accountId,
      ruleId: rule.id,
      entityType: 'adset',
      entityId: broken.campaigns[0]!.adsets[0]!.id,
      entityName: 'an ad set',
      actionType: 'decrease_budget',
      params: { change_percent: 20 },
      executionMode: 'approval_required',
      evidence: [],
      explanation: 'CPA above twice the target for 3 days.',
      expiryPolicy: 'drop',
      expiresAt: meta.now() + 86_400_000,
    }))!;
    const acts = createProposalActivities({ pool: db.pool, config: testConfig(db.url), now: meta.now });
    const verdict = await acts.reevaluateProposal(row);
    expect(verdict).toEqual({ holds: false, reason: expect.stringContaining('conversion tracking is broken') });
  });

  it('keeps conversion-based rules running on a healthy account', async () => {
    await addRule(db.pool, healthy.accountId, probe, 'test');
    await collect(healthy);
    expect(await getTrackingState(db.pool, healthy.accountId)).toMatchObject({ status: 'ok' });
    expect(await probeProposals(healthy.accountId)).toBeGreaterThan(0);
    expect(await listNotifications(db.pool, healthy.accountId, 'alert')).toHaveLength(0);
  }, 120_000);

  it('shows the suspension on the /score card of the broken account', async () => {
    // The broken account is bound to its own channel; its approver asks in their DM with the app.
    await slash(emu, '/score', broken.accountId, { channelId: 'U_APPROVER' });
    const card = await said('U_APPROVER', 'Conversion-based rules are suspended', 'D_U_APPROVER');
    const reason = (await getTrackingState(db.pool, broken.accountId))!.reason.slice(0, 20);
    expect(JSON.stringify(card.blocks)).toContain(reason);
    await slash(emu, '/status', broken.accountId, { channelId: 'U_APPROVER' });
    const status = await said('U_APPROVER', 'Tracking breaker open since', 'D_U_APPROVER');
    expect(JSON.stringify(status.blocks)).toContain(reason);
  }, 120_000);
});
