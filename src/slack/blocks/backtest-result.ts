/** `/rules backtest`: what a rule would have done on each of the last N days, and the money it would have touched. */
import type { BacktestResult } from '../../intel/rules/index.ts';
import { context, esc, fallback, formatNumber, header, section, type Block, type Message } from './text.ts';

const MAX_DAYS_SHOWN = 30;
const MAX_ENTITIES_PER_DAY = 5;

export function backtestResult(input: { accountName: string; currency: string; result: BacktestResult }): Message {
  const r = input.result;
  const money = (v: number) => `${formatNumber(v, 2)} ${input.currency}`;
  const blocks: Block[] = [
    header(`Backtest: ${r.rule}`),
    section(
      `On *${esc(input.accountName, 300)}* over the last ${r.days.length} days this rule would have matched ` +
        `*${r.totalMatches}* times on *${r.entitiesAffected}* ${r.entitiesAffected === 1 ? 'entity' : 'entities'} ` +
        `(action: ${esc(r.action.type, 50)}), touching ${money(r.spendInvolved)} of spend when each first matched.`,
    ),
  ];
  const lines = r.days
    .filter((d) => d.matched.length > 0)
    .slice(-MAX_DAYS_SHOWN)
    .map((d) => {
      const names = d.matched
        .slice(0, MAX_ENTITIES_PER_DAY)
        .map((m) => `${esc(m.name, 60)}${m.repeat ? ' (again)' : ''}`)
        .join(', ');
      const more = d.matched.length > MAX_ENTITIES_PER_DAY ? ` +${d.matched.length - MAX_ENTITIES_PER_DAY}` : '';
      return `• ${d.day}: ${names}${more} · ${money(d.spend)}`;
    });
  blocks.push(section(lines.length ? lines.join('\n') : 'It would not have matched on any day.'));
  const insufficient = r.days.reduce((a, d) => a + d.insufficient, 0);
  const evaluated = r.days.reduce((a, d) => a + d.evaluated, 0);
  blocks.push(
    context(
      `${evaluated} evaluations` +
        (insufficient ? ` · ${insufficient} without enough data (hourly history is kept 7 days)` : '') +
        ' · A real run acts once per entity and then waits for the outcome.',
    ),
  );
  return { text: fallback(`Backtest of ${r.rule}: ${r.totalMatches} matches`), blocks };
}
