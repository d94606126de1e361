/** /budget <total>: the recommended split (current vs recommended per unit), expected results, and Approve. */
import { button, context, esc, fallback, formatNumber, header, section, type Block, type Message } from './text.ts';

export interface BudgetPlanUnit {
  name: string;
  currentBudget: number;
  recommendedBudget: number;
  changePercent: number;
}

export interface BudgetPlanInput {
  accountName: string;
  currency: string;
  total: number;
  maxChangePercent: number;
  units: BudgetPlanUnit[];
  /** The same total in today's proportions. */
  current: { spend: number; outcome: number; value: number };
  recommended: { spend: number; outcome: number; value: number };
  unallocated: number;
  /** The button's value: what the Approve listener needs to rebuild this plan (≤ 2000 chars). */
  approveValue: string;
  /** Units whose change is too small to propose (under 1%). */
  minChangePercent?: number;
}

const LINES_PER_SECTION = 15;
const MAX_UNITS = 40;

const money = (v: number, c: string) => `${formatNumber(v, 2)} ${c}`;
const signed = (v: number) => `${v >= 0 ? '+' : '−'}${formatNumber(Math.abs(v), 1)}%`;

export const BUDGET_APPROVE_ACTION = 'budget_approve';

export function budgetPlanMessage(p: BudgetPlanInput): Message {
  const c = p.currency;
  const dConv = p.recommended.outcome - p.current.outcome;
  const dRev = p.recommended.value - p.current.value;
  const sorted = [...p.units].sort(
    (a, b) => Math.abs(b.recommendedBudget - b.currentBudget) - Math.abs(a.recommendedBudget - a.currentBudget),
  );
  const lines = sorted
    .slice(0, MAX_UNITS)
    .map(
      (u) =>
        `• *${esc(u.name, 120)}*: ${money(u.currentBudget, c)} → *${money(u.recommendedBudget, c)}* (${signed(u.changePercent)})`,
    );
  const blocks: Block[] = [
    header(`Budget plan: ${money(p.total, c)} a day`),
    section(
      `*Expected with the recommended split:* ${formatNumber(p.recommended.outcome, 1)} conversions, ` +
        `${money(p.recommended.value, c)} revenue a day\n` +
        `*With the current split* (today's proportions): ${formatNumber(p.current.outcome, 1)} conversions, ` +
        `${money(p.current.value, c)} revenue\n` +
        `Difference: ${dConv >= 0 ? '+' : '−'}${formatNumber(Math.abs(dConv), 1)} conversions, ` +
        `${dRev >= 0 ? '+' : '−'}${money(Math.abs(dRev), c)} revenue a day.`,
    ),
  ];
  for (let i = 0; i < lines.length; i += LINES_PER_SECTION)
    blocks.push(section(lines.slice(i, i + LINES_PER_SECTION).join('\n')));
  if (sorted.length > MAX_UNITS) blocks.push(context(`…and ${sorted.length - MAX_UNITS} more units.`));
  blocks.push(
    context(
      `Each unit moves at most ${p.maxChangePercent}% per step (MAX_BUDGET_CHANGE_PERCENT); curves are fitted on each ` +
        `unit's daily spend and conversions.${p.unallocated > 0.5 ? ` ${money(p.unallocated, c)} stays unallocated: the units cannot absorb more in one step.` : ''}`,
    ),
    {
      type: 'actions',
      elements: [button('Approve', BUDGET_APPROVE_ACTION, p.approveValue, 'primary')],
    },
  );
  return {
    text: fallback(
      `Budget plan for ${p.accountName}: ${money(p.total, c)} a day, expected ${formatNumber(p.recommended.outcome, 1)} conversions (current split ${formatNumber(p.current.outcome, 1)}).`,
    ),
    blocks,
  };
}
