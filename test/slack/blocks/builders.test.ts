import { describe, expect, it } from '@jest/globals';
import {
  appHome,
  decidedProposalCard,
  digest,
  errorMessage,
  helpMessage,
  noScoreCard,
  pendingList,
  proposalCard,
  rejectReasonModal,
  parseRejectMetadata,
  rulesList,
  scoreCard,
  statusCard,
  syncProgress,
  syncSummary,
  validateMessage,
  validateView,
  type ProposalCardInput,
  type Message,
} from '../../../src/slack/blocks/index.ts';

const NOW = Date.UTC(2026, 8, 1, 12);
const LONG = 'Summer sale – broad audience – Advantage+ placements – '.repeat(200);

const proposal = (over: Partial<ProposalCardInput> = {}): ProposalCardInput => ({
  id: 42,
  accountName: 'Demo shop',
  action: 'Pause ad set',
  entityName: 'Summer sale – broad',
  ruleName: 'No purchases after spend',
  evidence: [
    { label: 'Spend (7 days)', value: 412.5, threshold: '≥ 300' },
    { label: 'Purchases (7 days)', value: 0, threshold: '= 0' },
  ],
  explanation: 'Spent €412.50 in 7 days without a purchase.',
  expectedImpact: 'Saves about €59 a day',
  confidence: 0.82,
  dataAsOf: NOW - 3_600_000,
  expiresAt: NOW + 86_400_000,
  ...over,
});

const longProposal = () =>
  proposal({
    accountName: LONG,
    action: LONG,
    entityName: LONG,
    ruleName: LONG,
    explanation: LONG,
    expectedImpact: LONG,
    learningPhaseWarning: LONG,
    evidence: Array.from({ length: 40 }, (_, i) => ({ label: LONG, value: `${i}${LONG}`, threshold: LONG })),
    chart: { slackFileId: 'F0123456789', altText: LONG },
  });

/** Every text the user sees, for "does it say X" checks. */
const allText = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
const expectValid = (m: Message) => expect(validateMessage(m)).toEqual([]);
const actionIds = (m: Message) =>
  m.blocks.flatMap((b) =>
    b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : undefined)) : [],
  );

describe('proposalCard', () => {
  it('offers Approve and Reject carrying the proposal id', () => {
    const card = proposalCard(proposal(), NOW);
    expectValid(card);
    expect(actionIds(card)).toEqual(['proposal_approve', 'proposal_reject']);
    expect(allText(card)).toContain('"value":"42"');
  });

  it('shows the evidence values, explanation, impact, confidence and data age', () => {
    const text = allText(proposalCard(proposal(), NOW));
    for (const s of ['412.5', '≥ 300', 'without a purchase', 'Saves about €59 a day', '82%', '1 h old'])
      expect(text).toContain(s);
  });

  it('warns about the learning phase and shows the chart when given', () => {
    const card = proposalCard(
      proposal({
        learningPhaseWarning: 'Edits reset learning.',
        chart: { slackFileId: 'F0ABCDEFGH1', altText: 'Spend' },
      }),
    );
    expect(allText(card)).toContain('Learning phase');
    expect(card.blocks.some((b) => b.type === 'image')).toBe(true);
  });

  it('stays within the limits with very long names and many evidence items', () => {
    const card = proposalCard(longProposal(), NOW);
    expectValid(card);
    expect(allText(card)).toContain('…');
  });
});

describe('decidedProposalCard', () => {
  it('shows who decided and offers Undo while the window is open', () => {
    const card = decidedProposalCard(
      proposal(),
      { outcome: 'executed', userId: 'U_APPROVER', at: NOW, result: 'Ad set paused', undoUntil: NOW + 3_600_000 },
      NOW,
    );
    expectValid(card);
    expect(allText(card)).toContain('<@U_APPROVER>');
    expect(actionIds(card)).toEqual(['proposal_undo']);
  });

  it('drops the Undo button once the window has closed', () => {
    const card = decidedProposalCard(
      proposal(),
      { outcome: 'executed', userId: 'U1', at: NOW, undoUntil: NOW - 1 },
      NOW,
    );
    expect(actionIds(card)).toEqual([]);
  });

  it('stays within the limits with a long reject reason', () => {
    expectValid(
      decidedProposalCard(
        longProposal(),
        { outcome: 'rejected', userId: 'U1', at: NOW, rejectReason: LONG, result: LONG },
        NOW,
      ),
    );
  });
});

describe('rejectReasonModal', () => {
  it('is a valid modal whose private_metadata carries the proposal id', () => {
    const view = rejectReasonModal(42, { summary: LONG });
    expect(validateView(view)).toEqual([]);
    expect(view.callback_id).toBe('proposal_reject_modal');
    expect(parseRejectMetadata(view.private_metadata!)).toEqual({ proposalId: 42 });
  });

  it('can carry the card location for a chat.update after submission', () => {
    const view = rejectReasonModal(7, { channelId: 'C1', messageTs: '1.000100' });
    expect(parseRejectMetadata(view.private_metadata!)).toEqual({
      proposalId: 7,
      channelId: 'C1',
      messageTs: '1.000100',
    });
  });
});

describe('scoreCard', () => {
  const score = {
    accountName: 'Demo shop',
    overall: 71.6,
    lastWeek: 65,
    components: ['learning', 'performance', 'budget', 'creative'].map((name, i) => ({
      name,
      score: i === 3 ? null : 60 + i * 10,
      note: 'ok',
    })),
    recommendations: Array.from({ length: 8 }, (_, i) => ({
      priority: 'high' as const,
      text: `Do thing ${i}`,
      impact: '€10/day',
    })),
    computedAt: NOW,
  };

  it('shows overall, trend and the top five recommendations', () => {
    const card = scoreCard(score);
    expectValid(card);
    const text = allText(card);
    expect(text).toContain('*72*');
    expect(text).toContain('↑ 7 vs last week');
    expect(text).toContain('not assessed');
    expect(text).toContain('Do thing 4');
    expect(text).not.toContain('Do thing 5');
    expect(text).toContain('and 3 more');
  });

  it('stays within the limits with long names and many recommendations', () => {
    expectValid(
      scoreCard({
        ...score,
        accountName: LONG,
        components: score.components.map((c) => ({ ...c, note: LONG })),
        recommendations: Array.from({ length: 100 }, () => ({ priority: 'low' as const, text: LONG, impact: LONG })),
        dataSufficiency: LONG,
      }),
    );
  });

  it('says what is missing when there is no score', () => {
    const card = noScoreCard({ accountName: 'Demo shop', missing: ['7 days of insights', 'a purchase pixel'] });
    expectValid(card);
    expect(allText(card)).toContain('a purchase pixel');
  });
});

describe('list and status messages', () => {
  it('pendingList gives every item its own buttons and caps long lists', () => {
    const items = Array.from({ length: 60 }, (_, i) => ({
      id: i,
      action: LONG,
      entityName: LONG,
      confidence: 0.5,
      expiresAt: NOW,
      expectedImpact: LONG,
    }));
    const list = pendingList({ accountName: LONG, items });
    expectValid(list);
    expect(allText(list)).toContain('and 40 more');
    expectValid(pendingList({ accountName: 'x', items: [] }));
  });

  it('statusCard fits with many runs and switches', () => {
    expectValid(
      statusCard({
        accountName: LONG,
        runs: Array.from({ length: 30 }, () => ({
          startedAt: NOW,
          status: 'failed',
          rowsWritten: 12,
          durationMs: 65_000,
          error: LONG,
        })),
        schedule: { every: '1 hour', nextRunAt: NOW },
        switches: Array.from({ length: 20 }, (_, i) => ({ name: `SWITCH_${i}`, on: i % 2 === 0 })),
        dataSufficiency: LONG,
      }),
    );
  });

  it('rulesList fits with 100 long rules', () => {
    const rules = Array.from({ length: 100 }, (_, i) => ({
      id: `r${i}`,
      name: LONG,
      enabled: true,
      description: LONG,
      lastFiredAt: NOW,
    }));
    expectValid(rulesList({ accountName: 'x', rules }));
    expectValid(rulesList({ accountName: 'x', rules: [] }));
  });

  it('helpMessage answers one command or lists all', () => {
    expect(allText(helpMessage('score'))).toContain('/score [account]');
    const all = helpMessage();
    expectValid(all);
    expect(allText(all)).toContain('/budget');
  });

  it('errorMessage and sync messages fit', () => {
    expectValid(errorMessage(LONG, LONG));
    expectValid(
      syncProgress({
        accountName: LONG,
        phase: 'insights',
        rowsWritten: 1234,
        pagesDone: 2,
        pagesTotal: 9,
        startedAt: NOW,
      }),
    );
    expectValid(
      syncSummary({
        accountName: LONG,
        status: 'failed',
        error: LONG,
        rowsWritten: 0,
        durationMs: 1000,
        proposals: 0,
        notes: [LONG, LONG],
        finishedAt: NOW,
      }),
    );
  });

  it('digest groups notes by kind', () => {
    const notes = [
      { kind: 'Outcomes measured', text: 'Pause of A helped', at: NOW },
      { kind: 'Data warnings', text: 'Pixel quiet for 6 h', at: NOW + 1 },
      { kind: 'Outcomes measured', text: 'Budget cut of B was neutral', at: NOW + 2 },
    ];
    const m = digest(notes);
    expectValid(m);
    expect(allText(m)).toContain('Outcomes measured* (2)');
    const many = Array.from({ length: 500 }, (_, i) => ({
      kind: `${LONG}${i % 80}`,
      text: LONG,
      at: NOW + i,
      accountName: LONG,
    }));
    expectValid(digest(many));
  });
});

describe('appHome', () => {
  it('stays under 100 blocks with many accounts, pending proposals and decisions', () => {
    const view = appHome({
      userId: 'U_APPROVER',
      canApprove: true,
      accounts: Array.from({ length: 50 }, (_, i) => ({ name: LONG, score: i, pending: 3, lastSyncAt: NOW })),
      pending: Array.from({ length: 50 }, (_, i) => ({ id: i, action: LONG, entityName: LONG, confidence: 0.7 })),
      recent: Array.from({ length: 50 }, (_, i) => ({ id: i, summary: LONG, outcome: 'executed', at: NOW })),
      updatedAt: NOW,
    });
    expect(validateView(view)).toEqual([]);
  });

  it('shows no buttons to someone who may not approve', () => {
    const view = appHome({
      userId: 'U_VIEWER',
      canApprove: false,
      accounts: [],
      pending: [{ id: 1, action: 'Pause', entityName: 'A', confidence: 1 }],
      recent: [],
      updatedAt: NOW,
    });
    expect(view.blocks.some((b) => b.type === 'actions')).toBe(false);
  });
});
