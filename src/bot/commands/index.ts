import { accountForChannel, getAdAccount, type AdAccount } from '../../db/accounts.ts';
import { errorMessage, helpMessage } from '../../slack/blocks/index.ts';
import { accuracy } from './accuracy.ts';
import { budget } from './budget.ts';
import { forecast } from './forecast.ts';
import type { ParsedCommand } from './parse.ts';
import { patterns } from './patterns.ts';
import { pending } from './pending.ts';
import { rules, templatesReply } from './rules.ts';
import { score } from './score.ts';
import { status } from './status.ts';
import { syncNow } from './sync-now.ts';
import type { BotDeps, CommandContext, Handler, Reply } from './types.ts';

type AccountCommand = Exclude<ParsedCommand['command'], 'help'>;

/** One handler per command; each lives in its own file. */
const HANDLERS: { [C in AccountCommand]: Handler<C> } = {
  'sync-now': syncNow,
  score,
  pending,
  status,
  patterns,
  rules,
  forecast,
  budget,
  accuracy,
};

/** The account a command is about: the one given, else the one bound to the channel; a string says why none. */
export async function resolveAccount(
  pool: BotDeps['pool'],
  channelId: string,
  explicit?: string,
): Promise<AdAccount | string> {
  if (explicit) return (await getAdAccount(pool, explicit)) ?? `${explicit} is not connected to adpilot.`;
  return (
    (await accountForChannel(pool, channelId)) ??
    'No ad account is bound to this channel; give one, e.g. `act_1234567890`.'
  );
}

/** What a parsed command answers with (the listener acks first; this runs after). */
export async function answer(cmd: ParsedCommand, ctx: Omit<CommandContext, 'account'>): Promise<Reply | null> {
  if (cmd.command === 'help') return helpMessage(cmd.topic);
  if (cmd.command === 'rules' && cmd.sub === 'templates') return templatesReply();
  const account = await resolveAccount(ctx.deps.pool, ctx.channelId, 'account' in cmd ? cmd.account : undefined);
  if (typeof account === 'string') return errorMessage(account);
  const handler = HANDLERS[cmd.command] as Handler<AccountCommand>;
  return handler(cmd, { ...ctx, account });
}

export const COMMANDS = [
  '/sync-now',
  '/score',
  '/pending',
  '/rules',
  '/status',
  '/patterns',
  '/forecast',
  '/budget',
  '/accuracy',
  '/adpilot',
];
export type { BotDeps, CommandContext, Reply } from './types.ts';
