/** /patterns: what adpilot learned from the account's history, each with its confidence and validity. */
import { context, divider, esc, fallback, header, section, slackDate, type Block, type Message } from './text.ts';

export interface PatternItem {
  /** time-of-day | day-of-week | creative-fatigue | budget-sweet-spot | conversion-lag */
  kind: string;
  /** What the pattern is about when not the whole account (an ad set's name). */
  entityName?: string;
  summary: string;
  confidence: number;
  level: 'low' | 'medium' | 'high';
  /** What the pattern rests on: conversions, clicks or ads, depending on the kind. */
  sampleSize: number;
  spanDays: number;
  validUntil: number;
}

export interface PatternsCardInput {
  accountName: string;
  patterns: PatternItem[];
  refreshedAt: number | null;
  /** Shown when nothing was learned: what the data lack. */
  missing?: string;
  /** "Relearned just now" after `/patterns refresh`. */
  note?: string;
}

const KIND_LABEL: Record<string, string> = {
  'time-of-day': 'Best and worst hours',
  'day-of-week': 'Best and worst weekdays',
  'creative-fatigue': 'Creative fatigue',
  'budget-sweet-spot': 'Budget sweet spot',
  'conversion-lag': 'Conversion lag',
};
const LEVEL_ICON = { high: ':large_green_circle:', medium: ':large_yellow_circle:', low: ':white_circle:' } as const;

/** 2 blocks per pattern: 20 patterns keep the card at 45 of Slack's 50 blocks. */
export const MAX_PATTERNS = 20;

export function patternsCard(p: PatternsCardInput): Message {
  const blocks: Block[] = [header(`Learned patterns: ${p.accountName}`)];
  if (p.patterns.length === 0) {
    blocks.push(
      section(`Nothing learned yet with enough confidence.${p.missing ? `\n${esc(p.missing, 2500)}` : ''}`),
      context('Patterns need weeks of history; run `/patterns refresh` after more data is collected.'),
    );
    return { text: fallback(`No learned patterns yet for ${p.accountName}`), blocks };
  }
  if (p.note) blocks.push(context(esc(p.note, 500)));
  for (const x of p.patterns.slice(0, MAX_PATTERNS)) {
    const title = `${KIND_LABEL[x.kind] ?? x.kind}${x.entityName ? ` · ${x.entityName}` : ''}`;
    blocks.push(
      section(`*${esc(title, 300)}*\n${esc(x.summary, 2500)}`),
      context(
        `${LEVEL_ICON[x.level]} confidence ${x.confidence.toFixed(2)} (${x.level}) · sample ${Math.round(x.sampleSize)}` +
          ` over ${Math.round(x.spanDays)} days · valid until ${slackDate(x.validUntil, '{date_short}')}`,
      ),
    );
  }
  const more = p.patterns.length - MAX_PATTERNS;
  blocks.push(divider());
  blocks.push(
    context(
      `${more > 0 ? `…and ${more} more · ` : ''}${p.refreshedAt ? `Learned ${slackDate(p.refreshedAt)}` : ''} · relearned weekly, or now with \`/patterns refresh\``,
    ),
  );
  return { text: fallback(`${p.patterns.length} learned patterns for ${p.accountName}`), blocks };
}
