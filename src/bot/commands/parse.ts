/**
 * Slash-command grammar: pure parsing with clear errors, so a malformed command gets an answer that says
 * what was wrong and how to write it. The channel's bound ad account is the default everywhere.
 */

import { parseRuleText, type RuleInput } from '../../intel/rules/index.ts';
import { USAGE } from '../../slack/usage.ts';

export type ParsedCommand =
  | { command: 'help'; topic?: string }
  | { command: 'sync-now'; account?: string }
  | { command: 'score'; account?: string }
  | { command: 'pending'; account?: string }
  | { command: 'status'; account?: string }
  | { command: 'patterns'; account?: string; refresh: boolean }
  | { command: 'rules'; sub: 'list'; account?: string }
  | { command: 'rules'; sub: 'templates' }
  | { command: 'rules'; sub: 'new'; account?: string }
  | { command: 'rules'; sub: 'enable' | 'disable'; ruleRef: string; account?: string }
  | { command: 'rules'; sub: 'add'; templateId: string; account?: string }
  | { command: 'rules'; sub: 'add'; text: string; definition: RuleInput; account?: string }
  | { command: 'rules'; sub: 'backtest'; ruleRef: string; days: number; account?: string }
  | { command: 'forecast'; sync: boolean; account?: string }
  | { command: 'budget'; total: number; account?: string }
  | { command: 'accuracy'; account?: string }
  | { command: 'audit'; account?: string }
  | { command: 'connect' }
  | { command: 'accounts' }
  | { command: 'settings'; account?: string }
  | { command: 'disconnect'; account: string };

export type ParseResult = { ok: true; value: ParsedCommand } | { ok: false; error: string; usage: string };

const ACCOUNT = /^(act_[A-Za-z0-9_]+)$/;

function takeAccount(tokens: string[]): { account?: string; rest: string[]; error?: string } {
  const rest: string[] = [];
  let account: string | undefined;
  for (const t of tokens) {
    if (ACCOUNT.test(t)) {
      if (account) return { rest, error: `Two accounts given (${account} and ${t}); give one.` };
      account = t;
    } else rest.push(t);
  }
  return { account, rest };
}

const fail = (command: string, error: string): ParseResult => ({
  ok: false,
  error,
  usage: USAGE[command] ?? USAGE.adpilot!,
});

/**
 * Parses the text after a slash command. `command` is the Slack command name without the slash.
 * Never throws: bad input becomes `{ ok: false, error, usage }`.
 */
export function parseCommand(command: string, text: string): ParseResult {
  const name = command.replace(/^\//, '');
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (name === 'help') return { ok: true, value: { command: 'help', ...(tokens[0] ? { topic: tokens[0] } : {}) } };
  if (tokens[0]?.toLowerCase() === 'help')
    return { ok: true, value: { command: 'help', topic: name === 'adpilot' ? tokens[1] : name } };
  if (name === 'adpilot' || name === 'intel') {
    const [sub, ...rest] = tokens;
    if (!sub) return { ok: true, value: { command: 'help' } };
    const alias: Record<string, string> = { sync: 'sync-now', 'sync-now': 'sync-now' };
    const target = alias[sub.toLowerCase()] ?? sub.toLowerCase();
    if (!(target in USAGE) || target === 'adpilot') return fail('adpilot', `Unknown subcommand "${sub}".`);
    return parseCommand(target, rest.join(' '));
  }
  const { account, rest, error } = takeAccount(tokens);
  if (error) return fail(name, error);
  const unexpected = (words: string[]) =>
    fail(name, `Unexpected "${words.join(' ')}". Accounts look like act_1234567890.`);

  switch (name) {
    case 'sync-now':
    case 'score':
    case 'pending':
    case 'status':
    case 'accuracy':
    case 'audit':
      return rest.length ? unexpected(rest) : { ok: true, value: { command: name, account } };
    case 'connect':
    case 'accounts':
      return tokens.length ? unexpected(tokens) : { ok: true, value: { command: name } };
    case 'settings':
      return rest.length ? unexpected(rest) : { ok: true, value: { command: 'settings', account } };
    case 'disconnect':
      if (rest.length) return unexpected(rest);
      return account
        ? { ok: true, value: { command: 'disconnect', account } }
        : fail(name, 'Give the account to disconnect, e.g. `/adpilot disconnect act_1234567890`.');
    case 'patterns': {
      const refresh = rest[0]?.toLowerCase() === 'refresh';
      return rest.length > (refresh ? 1 : 0)
        ? unexpected(rest.slice(refresh ? 1 : 0))
        : { ok: true, value: { command: 'patterns', account, refresh } };
    }
    case 'forecast': {
      const sync = rest[0]?.toLowerCase() === 'sync';
      return rest.length > (sync ? 1 : 0)
        ? unexpected(rest.slice(sync ? 1 : 0))
        : { ok: true, value: { command: 'forecast', account, sync } };
    }
    case 'budget': {
      if (rest.length === 0) return fail(name, 'Give the total daily budget to split, e.g. `/budget 1500`.');
      if (rest.length > 1) return unexpected(rest.slice(1));
      const total = Number(rest[0]!.replace(/[$,€£]/g, ''));
      if (!Number.isFinite(total) || total <= 0) return fail(name, `"${rest[0]}" is not a positive amount.`);
      if (total > 10_000_000) return fail(name, `${total} is more than adpilot will allocate in one day (10,000,000).`);
      return { ok: true, value: { command: 'budget', total, account } };
    }
    case 'rules':
      return parseRules(rest, account);
    default:
      return fail('adpilot', `adpilot does not know /${name}.`);
  }
}

function parseRules(rest: string[], account: string | undefined): ParseResult {
  const [sub = 'list', ...args] = rest;
  switch (sub.toLowerCase()) {
    case 'list':
      return args.length
        ? fail('rules', `Unexpected "${args.join(' ')}".`)
        : { ok: true, value: { command: 'rules', sub: 'list', account } };
    case 'templates':
      return { ok: true, value: { command: 'rules', sub: 'templates' } };
    case 'new':
      return args.length
        ? fail('rules', '`/rules new` takes no arguments; it opens the rule builder.')
        : { ok: true, value: { command: 'rules', sub: 'new', account } };
    case 'enable':
    case 'disable': {
      if (args.length !== 1)
        return fail('rules', `\`/rules ${sub}\` takes one rule (its number in \`/rules\` or its id).`);
      return {
        ok: true,
        value: { command: 'rules', sub: sub.toLowerCase() as 'enable' | 'disable', ruleRef: args[0]!, account },
      };
    }
    case 'add': {
      if (args[0]?.toLowerCase() === 'if') {
        const text = args.join(' ');
        const r = parseRuleText(text);
        if (!r.ok) return fail('rules', `Could not read the rule: ${r.error}.`);
        return { ok: true, value: { command: 'rules', sub: 'add', text: r.input.name, definition: r.input, account } };
      }
      if (args.length !== 1) return fail('rules', '`/rules add` takes one template id; `/rules templates` lists them.');
      return { ok: true, value: { command: 'rules', sub: 'add', templateId: args[0]!, account } };
    }
    case 'backtest': {
      if (args.length < 1 || args.length > 2) return fail('rules', '`/rules backtest <rule> [days]`.');
      const days = args[1] === undefined ? 14 : Number(args[1]);
      if (!Number.isInteger(days) || days < 1 || days > 90)
        return fail('rules', `Days must be a whole number from 1 to 90, not "${args[1]}".`);
      return { ok: true, value: { command: 'rules', sub: 'backtest', ruleRef: args[0]!, days, account } };
    }
    default:
      return fail('rules', `Unknown rules subcommand "${sub}".`);
  }
}
