/** /rules: the account's rules with their state, most recently fired first as given. */
import { context, esc, fallback, header, section, slackDate, type Block, type Message } from './text.ts';

export interface RuleItem {
  id: string;
  name: string;
  enabled: boolean;
  description: string;
  lastFiredAt?: number;
  /** Why the stored rule no longer parses: it is skipped by evaluation until fixed, and can be disabled. */
  broken?: string;
}

// header + one section per rule + closing context stay under 50 blocks.
const MAX_RULES = 40;

export function rulesList(input: { accountName: string; rules: RuleItem[] }): Message {
  const blocks: Block[] = [header(`Rules: ${input.accountName}`)];
  for (const [i, r] of input.rules.slice(0, MAX_RULES).entries()) {
    const state = r.enabled ? ':large_green_circle: enabled' : ':white_circle: disabled';
    const fired = r.lastFiredAt ? ` · last fired ${slackDate(r.lastFiredAt)}` : '';
    const body = r.broken
      ? `:warning: no longer valid, skipped by evaluation: ${esc(r.broken, 1200)}`
      : esc(r.description, 2400);
    blocks.push(section(`${i + 1}. *${esc(r.name, 200)}* \`${esc(r.id, 100)}\` · ${state}${fired}\n${body}`));
  }
  const more = input.rules.length - MAX_RULES;
  const hint =
    '`/rules enable <rule>` · `/rules disable <rule>` · `/rules backtest <rule> [days]` · `/rules templates`';
  if (input.rules.length === 0) blocks.push(section('No rules yet. `/rules templates` lists ready-made ones.'));
  blocks.push(context(more > 0 ? `…and ${more} more · ${hint}` : hint));
  return { text: fallback(`${input.rules.length} rules for ${input.accountName}`), blocks };
}
