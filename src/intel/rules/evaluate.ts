import {
  EXPRESSION,
  MONEY_FIELDS,
  type Condition,
  type ConditionGroup,
  type Field,
  type Rule,
  type Window,
} from './schema.ts';

export type MetricValues = Partial<Record<Field, number | string | null>>;

/** What the engine knows of one entity: metrics per window, attributes, and short series for trends. */
export interface EntityMetrics {
  entityId: string;
  entityType: 'campaign' | 'adset' | 'ad';
  name: string;
  /** Metrics per window (spend, conversions, cpa, ctr, ...). */
  windows: Partial<Record<Window, MetricValues>>;
  /** Window-free attributes: effective_status, learning_phase, days_active, hours_since_conversion, *_trend_7d. */
  attributes: MetricValues;
  /** Oldest first. */
  hourly?: { hour: number; values: MetricValues }[];
  daily?: { day: string; values: MetricValues }[];
}

export interface AccountContext {
  target_cpa?: number | null;
  target_roas?: number | null;
  currency?: string;
  now: number;
}

export interface Evidence {
  field: Field;
  window: Window | null;
  operator: string;
  actual: number | string | null;
  threshold: number | string | (number | string)[] | null;
  text: string;
}

export type EvaluationStatus = 'matched' | 'not_matched' | 'insufficient_data';

export interface EvaluationResult {
  entityId: string;
  entityName: string;
  status: EvaluationStatus;
  evidence: Evidence[];
  missing: string[];
  explanation: string;
}

export interface RuleMatch extends EvaluationResult {
  status: 'matched';
  ruleName: string;
  priority: number;
  action: Rule['action'];
  executionMode: Rule['execution_mode'];
}

type Tri = { result: true | false | 'missing'; evidence: Evidence[]; missing: string[] };

const FIXED_WINDOW: Partial<Record<Field, Window>> = {
  spend_today: 'today',
  conversions_today: 'today',
  spend_7d: '7d',
};
const BASE: Partial<Record<Field, Field>> = {
  spend_today: 'spend',
  spend_7d: 'spend',
  conversions_today: 'conversions',
};
const ATTRIBUTES: readonly Field[] = [
  'effective_status',
  'learning_phase',
  'days_active',
  'hours_since_conversion',
  'ctr_trend_7d',
  'cpa_trend_7d',
  'roas_trend_7d',
];

function lookup(
  e: EntityMetrics,
  field: Field,
  window: Window,
): { value: number | string | null | undefined; window: Window | null } {
  if (ATTRIBUTES.includes(field)) return { value: e.attributes[field], window: null };
  const w = FIXED_WINDOW[field] ?? window;
  return { value: e.windows[w]?.[BASE[field] ?? field], window: w };
}

/** Resolves a number or `{target_cpa * 2}`; undefined when the account target is not set. */
export function resolveValue(v: unknown, ctx: AccountContext): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return undefined;
  const m = EXPRESSION.exec(v);
  if (!m) return undefined;
  const base = ctx[m[1] as 'target_cpa' | 'target_roas'];
  if (base == null) return m[4] === undefined ? undefined : Number(m[4]);
  const n = m[3] === undefined ? 0 : Number(m[3]);
  switch (m[2]) {
    case '*':
      return base * n;
    case '/':
      return n === 0 ? undefined : base / n;
    case '+':
      return base + n;
    case '-':
      return base - n;
    default:
      return base;
  }
}

const compare = (op: string, a: number, b: number) =>
  op === '>'
    ? a > b
    : op === '<'
      ? a < b
      : op === '>='
        ? a >= b
        : op === '<='
          ? a <= b
          : op === '='
            ? a === b
            : a !== b;

function fmt(field: Field, v: number | string | null | undefined, ctx: AccountContext): string {
  if (typeof v !== 'number') return String(v);
  if (MONEY_FIELDS.includes(field))
    return `${ctx.currency === 'EUR' ? '€' : ctx.currency === 'GBP' ? '£' : '$'}${v.toFixed(2)}`;
  if (field === 'ctr') return `${(v * 100).toFixed(2)}%`;
  if (field === 'roas' || field === 'frequency') return v.toFixed(2);
  if (field.endsWith('_trend_7d')) return `${v > 0 ? '+' : ''}${v.toFixed(1)}%`;
  return Number.isInteger(v) ? String(v) : v.toFixed(2);
}

const label = (field: Field, window: Window | null) =>
  `${field.replace(/_/g, ' ')}${window && !FIXED_WINDOW[field] ? ` (${window})` : ''}`;

function trend(series: { values: MetricValues }[] | undefined, field: Field, days: number): number | undefined {
  const values = (series ?? [])
    .slice(-days)
    .map((d) => d.values[field])
    .filter((v): v is number => typeof v === 'number');
  if (values.length < 4) return undefined;
  const k = Math.max(1, Math.floor(values.length / 3));
  const first = values.slice(0, k).reduce((a, b) => a + b, 0) / k;
  const last = values.slice(-k).reduce((a, b) => a + b, 0) / k;
  if (first === 0) return last === 0 ? 0 : undefined;
  return ((last - first) / Math.abs(first)) * 100;
}

function evalCondition(c: Condition, e: EntityMetrics, rule: Rule, ctx: AccountContext): Tri {
  const window = c.window ?? rule.window;
  const miss = (what: string): Tri => ({ result: 'missing', evidence: [], missing: [what] });
  const hit = (
    ok: boolean,
    actual: number | string | null,
    threshold: Evidence['threshold'],
    text: string,
    w: Window | null,
  ): Tri => ({
    result: ok,
    evidence: ok ? [{ field: c.field, window: w, operator: c.operator, actual, threshold, text }] : [],
    missing: [],
  });

  if (c.operator === 'for_hours' || c.operator === 'for_days') {
    const series = c.operator === 'for_hours' ? e.hourly : e.daily;
    const n = c.operator === 'for_hours' ? c.hours! : c.days!;
    const last = (series ?? []).slice(-n);
    if (last.length < n) return miss(`${c.field} (${n} ${c.operator === 'for_hours' ? 'hours' : 'days'} of history)`);
    const threshold = resolveValue(c.inner!.value, ctx);
    if (threshold === undefined) return miss(String(c.inner!.value).replace(/[{}]/g, '').split(/\s/)[0] ?? 'target');
    const values = last.map((b) => b.values[c.field]);
    if (values.some((v) => typeof v !== 'number')) return miss(`${c.field} (hourly/daily series)`);
    const ok = (values as number[]).every((v) => compare(c.inner!.operator, v, threshold));
    const unit = c.operator === 'for_hours' ? 'hours' : 'days';
    return hit(
      ok,
      values.at(-1) as number,
      threshold,
      `${label(c.field, null)} ${c.inner!.operator} ${fmt(c.field, threshold, ctx)} for ${n} ${unit} in a row`,
      null,
    );
  }
  if (c.operator === 'increasing' || c.operator === 'decreasing' || c.operator === 'stable') {
    const days = c.days ?? 7;
    const t = trend(e.daily, c.field, days);
    if (t === undefined) return miss(`${c.field} (${days} days of daily data)`);
    const pct = typeof c.value === 'number' ? c.value : 10;
    const ok = c.operator === 'increasing' ? t >= pct : c.operator === 'decreasing' ? t <= -pct : Math.abs(t) < pct;
    return hit(
      ok,
      Math.round(t * 10) / 10,
      pct,
      `${label(c.field, null)} ${c.operator === 'stable' ? `moved ${t.toFixed(1)}% (stable within ${pct}%)` : `${c.operator === 'increasing' ? 'rose' : 'fell'} ${Math.abs(t).toFixed(1)}% over ${days} days`}`,
      null,
    );
  }

  const { value: actual, window: w } = lookup(e, c.field, window);
  if (actual === undefined || actual === null) return miss(`${c.field}${w ? ` (${w})` : ''}`);
  switch (c.operator) {
    case 'is':
    case 'is_not': {
      const ok = c.operator === 'is' ? actual === c.value : actual !== c.value;
      return hit(
        ok,
        actual,
        c.value as string,
        `${label(c.field, w)} ${c.operator === 'is' ? 'is' : 'is not'} ${String(c.value)}`,
        w,
      );
    }
    case 'in':
    case 'not_in': {
      const list = c.value as string[];
      const ok = c.operator === 'in' ? list.includes(String(actual)) : !list.includes(String(actual));
      return hit(
        ok,
        actual,
        list,
        `${label(c.field, w)} ${String(actual)} ${c.operator === 'in' ? 'in' : 'not in'} [${list.join(', ')}]`,
        w,
      );
    }
    case 'between': {
      const [lo, hi] = (c.value as unknown[]).map((v) => resolveValue(v, ctx));
      if (lo === undefined || hi === undefined) return miss('target for between');
      if (typeof actual !== 'number') return miss(`${c.field} as a number`);
      return hit(
        actual >= lo && actual <= hi,
        actual,
        [lo, hi],
        `${label(c.field, w)} ${fmt(c.field, actual, ctx)} between ${fmt(c.field, lo, ctx)} and ${fmt(c.field, hi, ctx)}`,
        w,
      );
    }
    default: {
      if (typeof c.value === 'string' && typeof actual === 'string' && !EXPRESSION.test(c.value)) {
        const ok = c.operator === '=' ? actual === c.value : actual !== c.value;
        return hit(ok, actual, c.value, `${label(c.field, w)} ${c.operator} ${c.value}`, w);
      }
      const threshold = resolveValue(c.value, ctx);
      if (threshold === undefined)
        return miss(String(c.value).replace(/[{}]/g, '').trim().split(/\s/)[0] ?? 'threshold');
      if (typeof actual !== 'number') return miss(`${c.field} as a number`);
      return hit(
        compare(c.operator, actual, threshold),
        actual,
        threshold,
        `${label(c.field, w)} ${fmt(c.field, actual, ctx)} ${c.operator} ${fmt(c.field, threshold, ctx)}`,
        w,
      );
    }
  }
}

function evalGroup(g: ConditionGroup, e: EntityMetrics, rule: Rule, ctx: AccountContext): Tri {
  const isAll = 'all' in g;
  const parts = (isAll ? g.all : g.any).map((c) =>
    'all' in c || 'any' in c ? evalGroup(c, e, rule, ctx) : evalCondition(c, e, rule, ctx),
  );
  const evidence = parts.flatMap((p) => p.evidence);
  const missing = parts.flatMap((p) => p.missing);
  if (isAll) {
    if (parts.some((p) => p.result === false)) return { result: false, evidence: [], missing: [] };
    if (parts.some((p) => p.result === 'missing')) return { result: 'missing', evidence: [], missing };
    return { result: true, evidence, missing: [] };
  }
  const hits = parts.filter((p) => p.result === true);
  if (hits.length) return { result: true, evidence: hits.flatMap((p) => p.evidence), missing: [] };
  if (parts.some((p) => p.result === 'missing')) return { result: 'missing', evidence: [], missing };
  return { result: false, evidence: [], missing: [] };
}

const ACTION_TEXT: Record<Rule['action']['type'], (p: Rule['action']['params']) => string> = {
  pause: () => 'pause it',
  activate: () => 'activate it',
  increase_budget: (p) => `raise its daily budget ${p.percent ?? 0}%`,
  decrease_budget: (p) => `lower its daily budget ${p.percent ?? 0}%`,
  adjust_bid: (p) => `adjust its bid ${p.percent ?? 0}%`,
  duplicate: () => 'duplicate it',
  notify_only: () => 'take a look',
};
const KIND = { campaign: 'Campaign', adset: 'Ad set', ad: 'Ad' } as const;

/**
 * Evaluates one rule on one entity. Missing fields never match silently: they give `insufficient_data` with the
 * fields listed. Minimum-data guards (spend, impressions, conversions in the rule's window) apply first.
 */
export function evaluateEntity(rule: Rule, e: EntityMetrics, ctx: AccountContext): EvaluationResult {
  const base = { entityId: e.entityId, entityName: e.name };
  const w = e.windows[rule.window] ?? {};
  const guards: [string, number, number | string | null | undefined][] = [
    ['spend', rule.min_data.min_spend, w.spend],
    ['impressions', rule.min_data.min_impressions, w.impressions],
    ['conversions', rule.min_data.min_conversions, w.conversions],
  ];
  const short = guards.filter(([, min, v]) => min > 0 && !(typeof v === 'number' && v >= min));
  if (short.length) {
    const missing = short.map(
      ([f, min, v]) => `${f} (${rule.window}) ${typeof v === 'number' ? v : 'unknown'} < minimum ${min}`,
    );
    return {
      ...base,
      status: 'insufficient_data',
      evidence: [],
      missing,
      explanation: `Not enough data to judge: ${missing.join('; ')}.`,
    };
  }
  const r = evalGroup(rule.conditions, e, rule, ctx);
  if (r.result === 'missing') {
    const missing = [...new Set(r.missing)];
    return {
      ...base,
      status: 'insufficient_data',
      evidence: [],
      missing,
      explanation: `Not enough data for "${rule.name}": missing ${missing.join(', ')}.`,
    };
  }
  if (!r.result) return { ...base, status: 'not_matched', evidence: [], missing: [], explanation: '' };
  const explanation = `${KIND[e.entityType]} '${e.name}': ${r.evidence.map((x) => x.text).join(' and ')}, so "${rule.name}" suggests to ${ACTION_TEXT[rule.action.type](rule.action.params)}.`;
  return { ...base, status: 'matched', evidence: r.evidence, missing: [], explanation };
}

/** A rule over every entity it applies to. */
export function evaluateRule(rule: Rule, entities: readonly EntityMetrics[], ctx: AccountContext): EvaluationResult[] {
  return entities.filter((e) => e.entityType === rule.applies_to).map((e) => evaluateEntity(rule, e, ctx));
}

/** Every enabled rule over every entity: the matches, highest priority first. */
export function evaluateRules(
  rules: readonly Rule[],
  entities: readonly EntityMetrics[],
  ctx: AccountContext,
): RuleMatch[] {
  const matches: RuleMatch[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const r of evaluateRule(rule, entities, ctx)) {
      if (r.status === 'matched')
        matches.push({
          ...r,
          status: 'matched',
          ruleName: rule.name,
          priority: rule.priority,
          action: rule.action,
          executionMode: rule.execution_mode,
        });
    }
  }
  return matches.sort((a, b) => b.priority - a.priority);
}
