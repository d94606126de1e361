import { describe, expect, it } from '@jest/globals';
import {
  accuracyCard,
  budgetPlanMessage,
  forecastReadings,
  forecastReply,
  noForecastMessage,
  validateMessage,
  type BudgetPlanInput,
  type Message,
} from '../../../src/slack/blocks/index.ts';

const LONG = 'Prospecting | Advantage+ shopping – broad – 25-54 <all> & more '.repeat(60);
const expectValid = (m: Message) => expect(validateMessage(m)).toEqual([]);

const plan = (n: number, name = (i: number) => `Ad set ${i}`): BudgetPlanInput => ({
  accountName: 'Demo shop',
  currency: 'USD',
  total: 1500,
  maxChangePercent: 30,
  units: Array.from({ length: n }, (_, i) => ({
    name: name(i),
    currentBudget: 100 + i,
    recommendedBudget: 100 + i + (i % 2 ? 30 : -30),
    changePercent: i % 2 ? 30 : -30,
  })),
  current: { spend: 1500, outcome: 100, value: 9000 },
  recommended: { spend: 1500, outcome: 112.5, value: 9900 },
  unallocated: 0,
  approveValue: JSON.stringify({ a: 'act_1', t: 1500, g: 1 }),
});

describe('budgetPlanMessage', () => {
  it('shows current → recommended per unit, the expected difference, and one Approve carrying the plan', () => {
    const m = budgetPlanMessage(plan(3));
    expectValid(m);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('Ad set 1*: 101 USD → *131 USD* (+30%)');
    expect(text).toContain('Difference: +12.5 conversions, +900 USD revenue a day.');
    const actions = m.blocks.filter((b) => b.type === 'actions');
    expect(JSON.stringify(actions)).toContain('"action_id":"budget_approve"');
    expect(JSON.stringify(actions)).toContain(
      JSON.stringify(JSON.stringify({ a: 'act_1', t: 1500, g: 1 })).slice(1, -1),
    );
  });

  it('stays within Slack limits with 500 units of very long, mrkdwn-hostile names', () => {
    const m = budgetPlanMessage(plan(500, (i) => `${i} ${LONG}`));
    expectValid(m);
    expect(m.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(m.blocks)).toContain('…and 460 more units.');
    expect(JSON.stringify(m.blocks)).not.toContain('<all>');
  });
});

describe('accuracyCard', () => {
  const stats = {
    fetches: 12,
    successRate: 11 / 12,
    spendTracked: 12_345.6,
    conversionsTracked: 321,
    revenueTracked: 54_321,
    predictionsCompared: 96,
    lastAt: Date.UTC(2026, 2, 8),
  };
  it('shows MAE, accuracy, recent error, drift and the cumulative stats', () => {
    const m = accuracyCard({
      accountName: 'Demo shop',
      currency: 'USD',
      threshold: 0.25,
      days: 3,
      stats,
      metrics: [
        {
          metric: 'conversions',
          n: 6,
          mae: 12.5,
          accuracy: 0.61,
          recentError: 0.42,
          coverage: 0.5,
          drift: { drifted: true, retrain: true, currentRun: 4, runStart: '2026-03-03' },
        },
        { metric: 'ctr', n: 0, mae: 0, accuracy: null, recentError: null, coverage: null },
      ],
    });
    expectValid(m);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('MAE 12.5 · accuracy 61.0%');
    expect(text).toContain('recent error 42.0%');
    expect(text).toContain('drifting 4 days (since 2026-03-03), marked for retraining');
    expect(text).toContain('no settled predictions yet');
    expect(text).toContain('12 fetches, 91.7% successful');
    expect(text).toContain('tracked 12,345.6 USD spend, 321 conversions, 54,321 USD revenue');
  });
});

describe('forecast messages', () => {
  const series = (dates: string[], actual: (number | null)[], predicted: (number | null)[]) => ({
    dates,
    actual,
    predicted,
    lower: predicted.map((v) => (v === null ? null : v * 0.8)),
    upper: predicted.map((v) => (v === null ? null : v * 1.2)),
  });
  const dates = ['2026-03-01', '2026-03-02', '2026-03-03'];
  it('reads each chart in a sentence: channel forecasts with intervals, last actual and the forecast ahead', () => {
    const r = forecastReadings({
      roiForecast: {
        grouping: 'objective',
        labels: ['sales', 'traffic'],
        value: [2.4, 1.1],
        lower: [1.9, 0.8],
        upper: [2.9, 1.5],
        from: '2026-03-02',
        to: '2026-03-08',
      },
      roiTimeseries: {
        roas: series(dates, [2, 2.2, null], [null, null, 2.5]),
        conversions: series(dates, [40, 41, null], [null, null, 45]),
      },
      reachCtrTimeseries: {
        reach: series(dates, [1000, 1100, null], [null, null, 1200]),
        ctr: series(dates, [0.012, 0.011, null], [null, null, 0.0125]),
      },
      budgetAllocation: {
        labels: ['a', 'b'],
        totals: {
          current: { spend: 100, outcome: 10, value: 500 },
          recommended: { spend: 100, outcome: 11, value: 560 },
        },
      },
    });
    expect(r.roiForecast).toContain('Channel sales: forecast ROAS 2.4 (1.9–2.9)');
    expect(r.roiTimeseries).toContain('ROAS: last 2.2 on 2026-03-02; forecast 2.5 (2–3) a day over the next 1 days');
    expect(r.reachCtrTimeseries).toContain('CTR: last 1.10% on 2026-03-02; forecast 1.25%');
    expect(r.budgetAllocation).toContain('bring 11 conversions and 560 revenue a day, against 10 and 500');
  });

  it('replies with when the forecasts were made and how long the last run took', () => {
    const m = forecastReply({
      accountName: LONG,
      generatedAt: Date.UTC(2026, 2, 2, 9),
      lastRun: { status: 'completed', durationMs: 2_345, finishedAt: Date.UTC(2026, 2, 2, 9) },
      charts: 4,
      synced: true,
    });
    expectValid(m);
    expect(JSON.stringify(m.blocks)).toContain('took 2.3 s');
    expect(JSON.stringify(m.blocks)).toContain('Forecasts generated <!date^1772442000');
  });

  it('says what is missing when there is no forecast', () => {
    const m = noForecastMessage('Demo shop', 'Forecasts need 7 complete days of history; the account has 3.');
    expectValid(m);
    expect(m.text).toContain('the account has 3');
  });
});
