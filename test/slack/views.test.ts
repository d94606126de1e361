import { describe, expect, it } from '@jest/globals';
import { proposalCard } from '../../src/slack/blocks/index.ts';
import { learningPhaseWarning, proposalCardInput } from '../../src/slack/views.ts';
import type { ActionRow } from '../../src/db/actions.ts';

const row = {
  id: 7,
  account_id: 'act_1',
  rule_id: 'r1',
  entity_type: 'adset',
  entity_id: 'as_1',
  entity_name: 'Broad 25-54',
  action_type: 'increase_budget',
  params: { change_percent: 20 },
  evidence: [],
  explanation: 'ROAS above target for 3 days.',
  expected_impact: { summary: 'More purchases at the same ROAS.' },
  confidence: 0.7,
  created_at: Date.UTC(2026, 11, 1),
  expires_at: Date.UTC(2026, 11, 2),
} as unknown as ActionRow;

describe('the proposal card input', () => {
  it('names the rule that proposed it', () => {
    const card = proposalCard(proposalCardInput(row, 'Shop', { ruleName: 'Scale winners' }), Date.UTC(2026, 11, 1));
    expect(JSON.stringify(card.blocks)).toContain('Scale winners');
    expect(JSON.stringify(card.blocks)).not.toContain('adpilot policy');
  });

  it('warns that a budget edit restarts learning on an ad set still learning', () => {
    const card = proposalCard(proposalCardInput(row, 'Shop', { learningStage: 'LEARNING' }), Date.UTC(2026, 11, 1));
    expect(JSON.stringify(card.blocks)).toContain('Learning phase');
    expect(JSON.stringify(card.blocks)).toContain('restarts learning');
  });

  it('says nothing about learning once the ad set has left it', () => {
    expect(learningPhaseWarning('increase_budget', 'SUCCESS')).toBeUndefined();
    expect(learningPhaseWarning('pause', null)).toBeUndefined();
  });

  it('notes a learning-limited ad set, and a pause in learning only as less stable numbers', () => {
    expect(learningPhaseWarning('pause', 'FAIL')).toMatch(/Learning limited/);
    expect(learningPhaseWarning('pause', 'LEARNING')).toMatch(/less stable/);
  });
});
