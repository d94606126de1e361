import type { App } from '@slack/bolt';
import { answer, COMMANDS, type BotDeps, type Reply } from '../commands/index.ts';
import { parseCommand } from '../commands/parse.ts';
import type { Answer } from './reply.ts';

/** Sends a handler's reply (null: nothing to say) as an ephemeral message; a failure becomes a message too, never silence. */
export async function replySafely(respond: Answer, fn: () => Promise<Reply | null>): Promise<void> {
  try {
    const m = await fn();
    if (!m) return; // nothing to say (e.g. a modal opened instead)
    await respond({ response_type: 'ephemeral', text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
  } catch (error) {
    await respond({ response_type: 'ephemeral', text: `Something went wrong: ${(error as Error).message}` });
  }
}

/**
 * Slash commands. A malformed command is answered in the ack itself (the error and the usage line); a valid one is
 * acked at once (Slack's 3 s) and answered through response_url when the work is done.
 */
export function registerCommands(app: App, deps: BotDeps): void {
  for (const name of COMMANDS) {
    app.command(name, async ({ command, ack, respond, client }) => {
      const parsed = parseCommand(command.command, command.text);
      if (!parsed.ok) {
        await ack({ response_type: 'ephemeral', text: `${parsed.error}\n${parsed.usage}` });
        return;
      }
      await ack();
      await replySafely(respond, () =>
        answer(parsed.value, {
          teamId: command.team_id,
          channelId: command.channel_id,
          userId: command.user_id,
          deps,
          client,
        }),
      );
    });
  }
}
