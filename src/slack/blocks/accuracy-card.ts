/** /accuracy: accuracy per metric, drift state, and the fetcher's cumulative stats. */
import {
  context,
  esc,
  fallback,
  formatNumber,
  formatPercent,
  header,
  md,
  section,
  slackDate,
  type Message,
} from './text.ts';

export interface AccuracyMetricInput {
  metric: string;
  n: number;
  mae: number;
  /** Mean accuracy 1 − |e|/y, null when every actual was 0. */
  accuracy: number | null;
  /** Mean relative error of the last settled days (recent), null without any. */
  recentError: number | null;
  coverage: number | null;
  drift?: { drifted: boolean; retrain: boolean; currentRun: number; runStart: string | null };
}

export interface AccuracyCardInput {
  accountName: string;
  metrics: AccuracyMetricInput[];
  stats: {
    fetches: number;
    successRate: number;
    spendTracked: number;
    conversionsTracked: number;
    revenueTracked: number;
    predictionsCompared: number;
    lastAt: number | null;
  };
  currency: string;
  threshold: number;
  days: number;
}

const fmtMetric = (metric: string, v: number) =>
  metric === 'ctr' ? formatPercent(v, 3) : formatNumber(v, metric === 'roas' ? 3 : 1);

export function accuracyCard(a: AccuracyCardInput): Message {
  const fields = a.metrics.slice(0, 10).map((m) => {
    const drift = m.drift?.retrain
      ? `:rotating_light: drifting ${m.drift.currentRun} days (since ${m.drift.runStart}), marked for retraining`
      : m.drift?.drifted
        ? ':warning: drifted earlier, recovered'
        : ':white_check_mark: no drift';
    const body =
      m.n === 0
        ? '_no settled predictions yet_'
        : `MAE ${fmtMetric(m.metric, m.mae)} · accuracy ${m.accuracy === null ? '–' : formatPercent(m.accuracy, 1)}\n` +
          `recent error ${m.recentError === null ? '–' : formatPercent(m.recentError, 1)} · ` +
          `${m.n} days${m.coverage === null ? '' : ` · ${formatPercent(m.coverage)} inside the 80% interval`}\n${drift}`;
    return md(`*${esc(m.metric.toUpperCase(), 50)}*\n${body}`, 2000);
  });
  const s = a.stats;
  return {
    text: fallback(`Prediction accuracy for ${a.accountName}`),
    blocks: [
      header(`Prediction accuracy: ${a.accountName}`),
      ...(fields.length ? [{ type: 'section' as const, fields }] : [section('_Nothing to show yet._')]),
      section(
        `*Fetcher:* ${formatNumber(s.fetches, 0)} fetches, ${formatPercent(s.successRate, 1)} successful · ` +
          `${formatNumber(s.predictionsCompared, 0)} comparisons · tracked ${formatNumber(s.spendTracked, 2)} ${esc(a.currency, 3)} spend, ` +
          `${formatNumber(s.conversionsTracked, 1)} conversions, ${formatNumber(s.revenueTracked, 2)} ${esc(a.currency, 3)} revenue`,
      ),
      context(
        `Predictions are compared once their day settles (24 h) and for 30 days. Drift: error above ` +
          `${formatPercent(a.threshold)} for ${a.days} days in a row.${s.lastAt ? ` Last fetch ${slackDate(s.lastAt)}.` : ''}`,
      ),
    ],
  };
}
