import { errorMessage, helpMessage } from '../../slack/blocks/index.ts';
import { HOW_TO_GET_ADMIN, isAdmin, resolveAccount } from '../access.ts';
import { answerAccounts, isAccountsCommand, type AccountsCommand, type AccountsContext } from '../accounts/commands.ts';
import { accuracy } from './accuracy.ts';
import { audit } from './audit.ts';
import { budget } from './budget.ts';
import { forecast } from './forecast.ts';
import type { ParsedCommand } from './parse.ts';
import { patterns } from './patterns.ts';
import { pending } from './pending.ts';
import { rules, templatesReply } from './rules.ts';
import { score } from './score.ts';
import { status } from './status.ts';
import { syncNow } from './sync-now.ts';
import type { Handler, Reply } from './types.ts';

type AccountCommand = Exclude<ParsedCommand['command'], 'help' | AccountsCommand['command']>;

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
  audit,
};

/** Commands that change an account's set-up: only admins may run them (checked here, on the server). */
function adminOnly(cmd: ParsedCommand): string | undefined {
  if (cmd.command === 'rules' && ['add', 'new', 'enable', 'disable'].includes(cmd.sub)) return `\`/rules ${cmd.sub}\``;
  if (cmd.command === 'audit') return '`/adpilot audit`';
  return undefined;
}

/** What a parsed command answers with (the listener acks first; this runs after). */
export async function answer(cmd: ParsedCommand, ctx: AccountsContext): Promise<Reply | null> {
  if (cmd.command === 'help') return helpMessage(cmd.topic);
  if (isAccountsCommand(cmd)) return answerAccounts(cmd, ctx);
  if (cmd.command === 'rules' && cmd.sub === 'templates') return templatesReply();
  const { pool, config } = ctx.deps;
  const req = { teamId: ctx.teamId, userId: ctx.userId, channelId: ctx.channelId };
  const account = await resolveAccount(pool, ctx.client, config, req, 'account' in cmd ? cmd.account : undefined);
  if (typeof account === 'string') return errorMessage(account);
  ctx.logContext.accountId = account.id;
  const adminCommand = adminOnly(cmd);
  if (adminCommand && !(await isAdmin(ctx.client, config, ctx.userId)))
    return errorMessage(`Only adpilot admins can run ${adminCommand}. To become one, ${HOW_TO_GET_ADMIN}.`);
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
  '/help',
];
export type { BotDeps, BotOAuth, CommandContext, Reply } from './types.ts';
