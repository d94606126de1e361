import { describe, expect, it } from '@jest/globals';
import {
  MAX_PATTERNS,
  patternsCard,
  RECOMMENDATION_PROPOSE,
  scoreCard,
  validateMessage,
  type Message,
} from '../../../src/slack/blocks/index.ts';
import { parseProposeValue, proposeValue } from '../../../src/slack/score-view.ts';

const NOW = Date.UTC(2026, 8, 1, 12);
const LONG = 'Summer sale – broad audience – <Advantage+> & placements – '.repeat(200);
const expectValid = (m: Message) => expect(validateMessage(m)).toEqual([]);
const pattern = (i: number, over: Partial<Parameters<typeof patternsCard>[0]['patterns'][0]> = {}) => ({
  kind: 'budget-sweet-spot',
  entityName: `Ad set ${i}`,
  summary: `Returns diminish above ~${100 + i}/day`,
  confidence: 0.61,
  level: 'medium' as const,
  sampleSize: 340,
  spanDays: 28,
  validUntil: NOW + 7 * 86_400_000,
  ...over,
});

describe('patternsCard', () => {
  it('lists each pattern with its confidence, sample and span', () => {
    const card = patternsCard({ accountName: 'Demo', patterns: [pattern(1)], refreshedAt: NOW });
    expectValid(card);
    const text = JSON.stringify(card.blocks);
    expect(text).toContain('Budget sweet spot · Ad set 1');
    expect(text).toContain('confidence 0.61 (medium) · sample 340 over 28 days');
  });

  it('caps long lists within the block limit and says how many more there are', () => {
    const card = patternsCard({
      accountName: LONG,
      patterns: Array.from({ length: 200 }, (_, i) => pattern(i, { summary: LONG, entityName: LONG })),
      refreshedAt: NOW,
      note: LONG,
    });
    expectValid(card);
    expect(JSON.stringify(card.blocks)).toContain(`and ${200 - MAX_PATTERNS} more`);
  });

  it('says what is missing when nothing was learned', () => {
    const card = patternsCard({ accountName: 'Demo', patterns: [], refreshedAt: null, missing: 'Only 2 of 5 ads' });
    expectValid(card);
    expect(JSON.stringify(card.blocks)).toContain('Only 2 of 5 ads');
  });
});

describe('scoreCard with Propose buttons', () => {
  const input = {
    accountName: 'Demo',
    overall: 64,
    components: [{ name: 'learning', score: 70 }],
    computedAt: NOW,
    trackingAlert: LONG,
    recommendations: Array.from({ length: 9 }, (_, i) => ({
      priority: 'high' as const,
      text: LONG,
      impact: LONG,
      ...(i < 5 ? { propose: proposeValue(123_456_789, i) } : {}),
    })),
  };

  it('gives each of the top recommendations its own button, within the limits', () => {
    const card = scoreCard(input);
    expectValid(card);
    const buttons = card.blocks.flatMap((b) =>
      'accessory' in b && b.accessory && 'action_id' in b.accessory ? [b.accessory] : [],
    );
    expect(buttons.map((b) => 'value' in b && b.value)).toEqual([0, 1, 2, 3, 4].map((i) => `123456789:${i}`));
    expect(buttons.every((b) => b.action_id === RECOMMENDATION_PROPOSE)).toBe(true);
    expect(JSON.stringify(card.blocks)).toContain('Conversion-based rules are suspended');
  });

  it('round-trips the button value and refuses anything else', () => {
    expect(parseProposeValue(proposeValue(7, 3))).toEqual({ scoreId: 7, index: 3 });
    expect(parseProposeValue('7:3; DROP TABLE')).toBeNull();
    expect(parseProposeValue(undefined)).toBeNull();
  });
});
