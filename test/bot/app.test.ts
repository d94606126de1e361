import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { decideProposal } from '../../src/bot/decisions.ts';
import { getAction } from '../../src/db/actions.ts';
import { DEMO_ON_ADS } from '../support/bot-demo.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually as until } from '../support/eventually.ts';
import { slash } from '../support/slack.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// The real Bolt app, driven through the Slack emulator with signed requests, deciding real approval workflows.
let h: BotHarness;
let db: BotHarness['db'];
let emu: BotHarness['emu'];
let proposalId: number;

beforeAll(async () => {
  h = await startBotHarness(DEMO_ON_ADS);
  ({ db, emu } = h);
  proposalId = await h.propose('bot-test-1', {
    explanation: "Ad set 'Interests - outdoor' spent $120.00 in the last 48 h with 0 purchases (threshold: $50.00).",
  });
}, 120_000);

afterAll(() => h?.close());

const cardTs = () => h.cardTs(proposalId);
const visibleTo = (user: string) =>
  emu.state
    .visibleMessages('C_ADS', user)
    .map((m) => m.text)
    .join('\n');

describe('the Slack bot', () => {
  it('posts the proposal card in the account channel with Approve and Reject buttons', async () => {
    const ts = await cardTs();
    const card = emu.state.findMessage('C_ADS', ts)!;
    expect(JSON.stringify(card.blocks)).toContain('proposal_approve');
    expect(JSON.stringify(card.blocks)).toContain('Interests - outdoor');
  });

  it('lists open proposals for /pending in the channel of the bound account', async () => {
    const answer = await emu.sendSlashCommand({ command: '/pending', userId: 'U_APPROVER', channelId: 'C_ADS' });
    expect(answer.status).toBe(200);
    await until(async () => (visibleTo('U_APPROVER').includes('Pause ad set') ? true : undefined));
  });

  it('answers bad input with the error and the usage line', async () => {
    const answer = await slash(emu, '/budget', '-5');
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('not a positive amount');
    expect(answer.body).toContain('/budget &lt;total per day&gt;');
  });

  it('refuses a forged request with 401', async () => {
    const answer = await slash(emu, '/status', undefined, { tamper: 'bad-signature' });
    expect(answer.status).toBe(401);
  });

  it('rejects through the reason modal and records the reason', async () => {
    const id = await h.propose('bot-test-2', {
      entityId: 'as_demo_broad',
      entityName: 'Broad 25-54',
      actionType: 'decrease_budget',
      params: { change_percent: 20 },
      evidence: [],
      explanation: 'CPA above twice the target for 3 days.',
      expectedImpact: undefined,
      confidence: undefined,
    });
    const ts = await h.cardTs(id);
    await emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_reject',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(id),
    });
    const view = await until(async () => emu.state.openModal('U_APPROVER') ?? undefined);
    const answer = await emu.submitView({
      viewId: view.id,
      userId: 'U_APPROVER',
      values: { reject_reason: { reason: 'Black Friday week, keep spending' } },
    });
    expect(answer.status).toBe(200);
    const decided = await until(async () => {
      const r = await getAction(db.pool, id);
      return r?.status === 'rejected' ? r : undefined;
    });
    expect(decided).toMatchObject({
      human_decided_by: 'U_APPROVER',
      human_feedback_reason: 'Black Friday week, keep spending',
    });
  });

  it('acks the reason modal at once and answers a refused rejection with its reason as a message', async () => {
    const id = await h.propose('bot-test-3', {
      entityId: 'as_demo_lookalike',
      entityName: 'Lookalike 1%',
      actionType: 'decrease_budget',
      params: { change_percent: 10 },
      evidence: [],
      explanation: 'CPA above target.',
      expectedImpact: undefined,
      confidence: undefined,
    });
    const ts = await h.cardTs(id);
    await emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_reject',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(id),
    });
    const view = await until(async () => emu.state.openModal('U_APPROVER') ?? undefined);
    // Someone else rejects first, while the form is open: the form's rejection is then refused by the workflow.
    expect(await decideProposal(h.temporal.client, id, { kind: 'reject', userId: 'U_APPROVER' })).toMatchObject({
      ok: true,
    });
    const answer = await emu.submitView({
      viewId: view.id,
      userId: 'U_APPROVER',
      values: { reject_reason: { reason: 'too late' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).not.toContain('response_action');
    await until(async () =>
      visibleTo('U_APPROVER').includes('Not rejected: This proposal was already decided') ? true : undefined,
    );
    expect((await getAction(db.pool, id))!.human_feedback_reason).toBeNull();
  });

  it('tells a non-approver why they cannot decide, and lets the approver approve (the card updates)', async () => {
    const ts = await cardTs();
    await emu.clickButton({
      userId: 'U_VIEWER',
      actionId: 'proposal_approve',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(proposalId),
    });
    await until(async () => (visibleTo('U_VIEWER').includes("Only this account's approvers") ? true : undefined));
    expect((await getAction(db.pool, proposalId))?.status).toBe('proposed');
    await emu.clickButton({
      userId: 'U_APPROVER',
      actionId: 'proposal_approve',
      channelId: 'C_ADS',
      messageTs: ts,
      value: String(proposalId),
    });
    // The executor is off by default: the decision is recorded, nothing is written, and the card says so.
    await until(async () => ((await getAction(db.pool, proposalId))?.status === 'recorded' ? true : undefined));
    await emu.waitForCall('chat.update', (c) => c.args.ts === ts);
    expect(JSON.stringify(emu.state.findMessage('C_ADS', ts)!.blocks)).toMatch(
      /ENABLE_ACTION_EXECUTOR is false|Approved/,
    );
  });
});
