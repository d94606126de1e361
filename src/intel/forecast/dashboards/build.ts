/**
 * One call that turns an account's daily rows into the four dashboards' data: channel and account forecasts,
 * response curves and the recommended split, and the predictions to store for later accuracy tracking.
 */
import { recommendAllocation } from '../allocation.ts';
import type { Allocation } from '../allocation.ts';
import type { StoredPrediction } from '../accuracy.ts';
import { channelSeries } from '../channel-series.ts';
import type { ChannelMetrics, EntityDay } from '../channel-series.ts';
import { channelOf } from '../channels.ts';
import type { ChannelEntity, ChannelGrouping, ChannelOptions } from '../channels.ts';
import { addDays } from '../dates.ts';
import { actualValues, fitForecaster, forecast } from '../forecaster.ts';
import { fitResponseCurve, pooledPrior } from '../response-curve.ts';
import type { ResponseCurve, ResponsePoint } from '../response-curve.ts';
import type { ForecasterOptions } from '../series-model.ts';
import type { ForecastInput, ForecastPoint, MetricName } from '../types.ts';
import { actualVsPredictedChart, budgetAllocationChart, roiByChannelChart } from './charts.ts';
import type { PredictedValue } from './charts.ts';
import type { ForecastDashboards } from './types.ts';

export const ACCOUNT_KEY = 'account';

export interface BudgetUnitHistory {
  id: string;
  name: string;
  currentDailyBudget: number;
  /** Daily (spend, conversions) of the unit. */
  history: readonly ResponsePoint[];
  /** Revenue per conversion (AOV); the allocation then maximises revenue. */
  valuePerOutcome?: number;
  locked?: boolean;
}

export interface DashboardInput {
  /** Entity-day rows (ads, or platform breakdown rows), each entity listed in `entities`. */
  rows: readonly EntityDay[];
  entities: readonly ChannelEntity[];
  grouping: ChannelGrouping;
  channelOptions?: ChannelOptions;
  budgetUnits: readonly BudgetUnitHistory[];
  /** Default: the units' current total (re-split the same money). */
  totalBudget?: number;
  maxChangePercent?: number;
  minBudget?: number;
  /** Earlier predictions (key `account`) to draw as "predicted" on past days. */
  predictions?: readonly StoredPrediction[];
  horizonDays?: number;
  /** Past days of actuals shown in the over-time charts (default 28). */
  historyDays?: number;
  forecastOptions?: ForecasterOptions;
}

export interface DashboardOutput {
  dashboards: ForecastDashboards;
  allocation: Allocation;
  /** New forecasts to store (account metrics and channel ROAS), each with its model version. */
  newPredictions: StoredPrediction[];
  /** The fitted response curve of each budget unit (same order), so a caller can re-split another total. */
  curves: ResponseCurve[];
}

const TRACKED: { metric: MetricName; pick: (m: ChannelMetrics) => ForecastInput; title: string }[] = [
  { metric: 'roas', pick: (m) => m.roas, title: 'ROAS: actual vs predicted' },
  { metric: 'conversions', pick: (m) => m.conversions, title: 'Conversions: actual vs predicted' },
  { metric: 'reach', pick: (m) => m.reach, title: 'Reach: actual vs predicted' },
  { metric: 'ctr', pick: (m) => m.ctr, title: 'CTR: actual vs predicted' },
];

const toStored = (key: string, metric: MetricName, points: readonly ForecastPoint[]): StoredPrediction[] =>
  points.map((p) => ({ id: `${key}/${metric}/${p.date}/${p.modelVersion}`, key, metric, ...p }));

/**
 * Builds all four dashboards. Channels with fewer than 7 days are left out of the ROI chart (no forecast without a
 * week of history); response curves are fitted per unit, pooled into a prior, and thin units refitted toward it.
 * Throws RangeError when the account itself has fewer than 7 days, or the budget is below the units' minimums.
 */
export function buildForecastDashboards(input: DashboardInput): DashboardOutput {
  const h = input.horizonDays ?? 7;
  const opts = input.forecastOptions ?? {};
  const byEntity = new Map(input.entities.map((e) => [e.id, channelOf(e, input.grouping, input.channelOptions)]));
  const channels = channelSeries(input.rows, byEntity);
  const account = channelSeries(input.rows, new Map(input.entities.map((e) => [e.id, ACCOUNT_KEY]))).get(ACCOUNT_KEY);
  if (!account) throw new RangeError('no rows for the account');
  const newPredictions: StoredPrediction[] = [];
  const channelForecasts = [...channels]
    .filter(([, m]) => m.spend.length >= 7)
    .map(([channel, m]) => {
      const points = forecast(fitForecaster(m.roas, opts), h);
      newPredictions.push(...toStored(channel, 'roas', points));
      return { channel, points };
    });
  const last = account.spend[account.spend.length - 1]!.date;
  const since = addDays(last, -(input.historyDays ?? 28) + 1);
  const panels = TRACKED.map(({ metric, pick, title }) => {
    const points = forecast(fitForecaster(pick(account), opts), h);
    newPredictions.push(...toStored(ACCOUNT_KEY, metric, points));
    const past: PredictedValue[] = (input.predictions ?? []).filter(
      (p) => p.key === ACCOUNT_KEY && p.metric === metric && p.date >= since && p.date <= last,
    );
    const actual = actualValues(pick(account)).filter((p) => p.date >= since);
    return actualVsPredictedChart(title, metric, actual, [...past, ...points]);
  });
  const raw = input.budgetUnits.map((u) => fitResponseCurve(u.history));
  const prior = pooledPrior(raw);
  const curves = raw.map((c, i) =>
    c.dataWeight >= 0.5 ? c : fitResponseCurve(input.budgetUnits[i]!.history, { prior }),
  );
  const allocation = recommendAllocation({
    units: input.budgetUnits.map((u, i) => ({
      id: u.id,
      name: u.name,
      currentDailyBudget: u.currentDailyBudget,
      curve: curves[i]!,
      ...(u.valuePerOutcome === undefined ? {} : { valuePerOutcome: u.valuePerOutcome }),
      ...(u.locked === undefined ? {} : { locked: u.locked }),
    })),
    totalBudget: input.totalBudget ?? input.budgetUnits.reduce((a, u) => a + u.currentDailyBudget, 0),
    ...(input.maxChangePercent === undefined ? {} : { maxChangePercent: input.maxChangePercent }),
    ...(input.minBudget === undefined ? {} : { minBudget: input.minBudget }),
  });
  return {
    dashboards: {
      roiByChannel: roiByChannelChart(channelForecasts),
      roiOverTime: panels[0]!,
      conversionsOverTime: panels[1]!,
      reachOverTime: panels[2]!,
      ctrOverTime: panels[3]!,
      budgetAllocation: budgetAllocationChart(allocation),
    },
    allocation,
    newPredictions,
    curves,
  };
}
