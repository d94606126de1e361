/** The account score card (/score): overall, the four components, trend vs last week, top recommendations. */
import {
  button,
  context,
  divider,
  esc,
  fallback,
  header,
  md,
  section,
  slackDate,
  type Block,
  type Message,
} from './text.ts';

export interface ScoreComponentInput {
  /** learning | performance | budget | creative, or any label */
  name: string;
  /** 0–100, null when nothing could be assessed */
  score: number | null;
  /** One line: the formula or the main issue. */
  note?: string;
}

export interface ScoreRecommendationInput {
  priority: 'high' | 'medium' | 'low';
  text: string;
  impact?: string;
  /** Button value of "Propose": the recommendation becomes a proposal with one click (listener `recommendation_propose`). */
  propose?: string;
}

export const RECOMMENDATION_PROPOSE = 'recommendation_propose';

export interface ScoreCardInput {
  accountName: string;
  overall: number;
  /** The overall score a week earlier, for the trend arrow. */
  lastWeek?: number;
  components: ScoreComponentInput[];
  recommendations: ScoreRecommendationInput[];
  computedAt: number;
  /** "model" (enough history) or "rules" (thin history), with the reason. */
  dataSufficiency?: string;
  /** The tracking breaker's reason while it holds conversion-based rules back. */
  trackingAlert?: string;
}

const PRIORITY_ICON = { high: ':red_circle:', medium: ':large_orange_circle:', low: ':white_circle:' } as const;

function grade(score: number): string {
  if (score >= 80) return ':large_green_circle:';
  if (score >= 60) return ':large_yellow_circle:';
  return ':red_circle:';
}

function trend(now: number, before?: number): string {
  if (before === undefined) return 'no score a week ago';
  const d = Math.round(now - before);
  if (d === 0) return '→ same as last week';
  return `${d > 0 ? '↑' : '↓'} ${Math.abs(d)} vs last week (${Math.round(before)})`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function scoreCard(s: ScoreCardInput, maxRecommendations = 5): Message {
  const overall = Math.round(s.overall);
  const blocks: Block[] = [
    header(`Account score: ${s.accountName}`),
    section(`${grade(overall)} *${overall}* / 100  ·  ${trend(s.overall, s.lastWeek)}`),
    {
      type: 'section',
      fields: s.components.slice(0, 10).map((c) => {
        const value = c.score === null ? '_not assessed_' : `${grade(c.score)} *${Math.round(c.score)}*`;
        return md(`*${esc(capitalise(c.name), 100)}*  ${value}${c.note ? `\n${esc(c.note, 1700)}` : ''}`, 2000);
      }),
    },
  ];
  if (s.trackingAlert)
    blocks.push(
      section(`:warning: *Conversion-based rules are suspended*: tracking looks broken. ${esc(s.trackingAlert, 2800)}`),
    );
  const recs = s.recommendations.slice(0, maxRecommendations);
  if (recs.some((r) => r.propose)) {
    // One section per recommendation, so each carries its own Propose button.
    blocks.push(divider(), section('*Top recommendations*'));
    recs.forEach((r, i) =>
      blocks.push({
        type: 'section',
        text: md(
          `${i + 1}. ${PRIORITY_ICON[r.priority]} ${esc(r.text, 1200)}${r.impact ? ` _(${esc(r.impact, 600)})_` : ''}`,
          3000,
        ),
        ...(r.propose ? { accessory: button('Propose', RECOMMENDATION_PROPOSE, r.propose) } : {}),
      }),
    );
    const more = s.recommendations.length - recs.length;
    if (more > 0) blocks.push(context(`…and ${more} more`));
  } else if (recs.length > 0) {
    blocks.push(divider());
    const lines = recs.map(
      (r, i) =>
        `${i + 1}. ${PRIORITY_ICON[r.priority]} ${esc(r.text, 400)}${r.impact ? ` _(${esc(r.impact, 150)})_` : ''}`,
    );
    const more = s.recommendations.length - recs.length;
    blocks.push(section(`*Top recommendations*\n${lines.join('\n')}${more > 0 ? `\n…and ${more} more` : ''}`));
  }
  const notes = [`Computed ${slackDate(s.computedAt)}`];
  if (s.dataSufficiency) notes.push(esc(s.dataSufficiency, 500));
  blocks.push(context(notes.join(' · ')));
  return { text: fallback(`Account score for ${s.accountName}: ${overall}/100`), blocks };
}

/** When no score exists yet: say what is missing and what to do about it, instead of an empty card. */
export function noScoreCard(input: { accountName: string; missing: string[]; hint?: string }): Message {
  const items = input.missing.slice(0, 15).map((m) => `• ${esc(m, 180)}`);
  const hint =
    input.hint ?? 'Run `/sync-now` to collect data now; the score appears after the first complete collection.';
  return {
    text: fallback(`No score yet for ${input.accountName}`),
    blocks: [
      header(`No score yet: ${input.accountName}`),
      section(`adpilot cannot score this account yet. Missing:\n${items.join('\n') || '• data'}`),
      context(esc(hint, 2900)),
    ],
  };
}
