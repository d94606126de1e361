import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sql } from 'slonik';
import { validateView } from '../../src/slack/blocks/index.ts';
import { getAction } from '../../src/db/actions.ts';
import { scenarios } from '../../src/emulators/simulator/scenarios.ts';
import { DEMO_ON_ADS } from '../support/bot-demo.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually as until } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// App Home through the emulator: signed app_home_opened events into the real Bolt app, views.publish back.
let h: BotHarness;
let proposalId: number;
beforeAll(async () => {
  h = await startBotHarness(DEMO_ON_ADS);
  proposalId = await h.propose('home-1');
  await h.cardTs(proposalId);
}, 120_000);
afterAll(async () => h?.close());

const home = (userId: string) => {
  const id = h.emu.state.homes.get(userId);
  return id ? h.emu.state.views.get(id) : undefined;
};
const publishedSince = (userId: string, n: number) =>
  h.emu.calls('views.publish').filter((c) => c.ok && c.args.user_id === userId).length > n;
const buttonsFor = (blocks: unknown[], actionId: string) =>
  blocks.flatMap((b) =>
    ((b as { elements?: { action_id?: string; value?: string }[] }).elements ?? []).filter(
      (e) => e.action_id === actionId,
    ),
  );

describe('App Home', () => {
  it("publishes the approver's Home with the pending proposal, its Approve/Reject buttons, within Slack's limits", async () => {
    const answer = await h.emu.openAppHome('U_APPROVER');
    expect(answer.status).toBe(200);
    const view = await until(async () => home('U_APPROVER'));
    expect(validateView({ type: 'home', blocks: view.blocks })).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain(`#${proposalId} Pause ad set`);
    expect(text).toContain('Interests - outdoor');
    expect(text).toContain(scenarios.demo().name);
    expect(text).toContain('_no score yet_');
    expect(buttonsFor(view.blocks, 'proposal_approve')).toEqual([
      expect.objectContaining({ value: String(proposalId) }),
    ]);
    expect(buttonsFor(view.blocks, 'proposal_reject')).toHaveLength(1);
  });

  it('shows a workspace admin who is no approver the proposal without any buttons', async () => {
    await h.emu.openAppHome('U_ADMIN');
    const view = await until(async () => home('U_ADMIN'));
    expect(JSON.stringify(view.blocks)).toContain(`#${proposalId} Pause ad set`);
    expect(JSON.stringify(view.blocks)).toContain('an approver decides them');
    expect(buttonsFor(view.blocks, 'proposal_approve')).toEqual([]);
    expect(buttonsFor(view.blocks, 'proposal_reject')).toEqual([]);
  });

  it('shows someone who neither approves nor administers no account at all', async () => {
    await h.emu.openAppHome('U_VIEWER');
    const view = await until(async () => home('U_VIEWER'));
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('You manage no ad account yet');
    expect(text).not.toContain(`#${proposalId}`);
    expect(text).not.toContain(scenarios.demo().name);
  });

  it('refuses a forged app_home_opened with 401 and publishes nothing', async () => {
    const before = h.emu.calls('views.publish').length;
    const answer = await h.emu.openAppHome('U_VIEWER', 'bad-signature');
    expect(answer.status).toBe(401);
    expect(h.emu.calls('views.publish')).toHaveLength(before);
  });

  it('approves from the Home tab; the decision lands in the workflow and the Home is republished as decided', async () => {
    const published = h.emu.calls('views.publish').filter((c) => c.args.user_id === 'U_APPROVER').length;
    const view = home('U_APPROVER')!;
    const answer = await h.emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_approve',
      viewId: view.id,
      value: String(proposalId),
    });
    expect(answer.status).toBe(200);
    await until(async () => ((await getAction(h.db.pool, proposalId))?.status === 'recorded' ? true : undefined));
    // The notifier refreshes the approvers' Home after the decision: no button left, the decision is listed.
    const after = await until(async () => {
      if (!publishedSince('U_APPROVER', published)) return undefined;
      const v = home('U_APPROVER')!;
      return buttonsFor(v.blocks, 'proposal_approve').length === 0 ? v : undefined;
    });
    expect(JSON.stringify(after.blocks)).toMatch(
      new RegExp(`#${proposalId} Pause ad set: Interests - outdoor · \\*recorded`),
    );
    // A Home click has no response_url: the answer reaches the approver as a DM instead of being lost.
    await until(async () =>
      (h.emu.state.messages.get('D_U_APPROVER') ?? []).some((m) => m.text.includes('Approved')) ? true : undefined,
    );
  });

  it('rejects from the Home tab through the reason modal and confirms in the DM', async () => {
    const id = await h.propose('home-2', {
      entityId: 'as_demo_broad',
      entityName: 'Broad 25-54',
      actionType: 'decrease_budget',
      params: { change_percent: 20 },
    });
    await h.cardTs(id);
    const published = h.emu.calls('views.publish').filter((c) => c.args.user_id === 'U_APPROVER').length;
    await h.emu.openAppHome('U_APPROVER');
    await until(async () => (publishedSince('U_APPROVER', published) ? true : undefined));
    await h.emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_reject',
      viewId: home('U_APPROVER')!.id,
      value: String(id),
    });
    const modal = await until(async () => h.emu.state.openModal('U_APPROVER') ?? undefined);
    const answer = await h.emu.submitView({
      viewId: modal.id,
      userId: 'U_APPROVER',
      values: { reject_reason: { reason: 'Seasonal spike, keep it' } },
    });
    expect(answer.status).toBe(200);
    const row = await until(async () => {
      const r = await getAction(h.db.pool, id);
      return r?.status === 'rejected' ? r : undefined;
    });
    expect(row.human_feedback_reason).toBe('Seasonal spike, keep it');
    await until(async () =>
      (h.emu.state.messages.get('D_U_APPROVER') ?? []).some((m) => m.text.startsWith('Rejected')) ? true : undefined,
    );
  });

  it("shows the account's latest score once the score table holds one", async () => {
    // The same columns as the intelligence-score migration; IF NOT EXISTS keeps this valid once it is merged.
    await h.db.pool.query(sql.unsafe`
      CREATE TABLE IF NOT EXISTS intel_account_score (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account_id text NOT NULL REFERENCES ad_account(id),
        run_key text NOT NULL UNIQUE, computed_at timestamptz NOT NULL, overall smallint NOT NULL,
        learning numeric(5,1), performance numeric(5,1), budget numeric(5,1), creative numeric(5,1),
        components jsonb NOT NULL, breakdown jsonb NOT NULL, recommendations jsonb NOT NULL DEFAULT '[]',
        sufficiency_mode text NOT NULL, tracking jsonb)`);
    await h.db.pool.query(sql.unsafe`
      INSERT INTO intel_account_score (account_id, run_key, computed_at, overall, components, breakdown, sufficiency_mode)
      VALUES (${h.accountId}, 'home-test-old', now() - interval '1 day', 40, '{}', '{}', 'rules'),
             (${h.accountId}, 'home-test-new', now(), 72, '{}', '{}', 'rules')`);
    const published = h.emu.calls('views.publish').filter((c) => c.args.user_id === 'U_ADMIN').length;
    await h.emu.openAppHome('U_ADMIN');
    await until(async () => (publishedSince('U_ADMIN', published) ? true : undefined));
    expect(JSON.stringify(home('U_ADMIN')!.blocks)).toContain('score *72*');
  });
});
