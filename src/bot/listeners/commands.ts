import type { App } from '@slack/bolt';
import { answer, COMMANDS, type BotDeps } from '../commands/index.ts';
import { parseCommand } from '../commands/parse.ts';
import type { LogContext } from '../../log.ts';
import { replySafely, slackIds } from './reply.ts';

/**
 * Slash commands. A malformed command is answered in the ack itself (the error and the usage line); a valid one is
 * acked at once (Slack's 3 s) and answered through response_url when the work is done.
 */
export function registerCommands(app: App, deps: BotDeps): void {
  for (const name of COMMANDS) {
    app.command(name, async ({ command, ack, respond, client, body }) => {
      const parsed = parseCommand(command.command, command.text);
      if (!parsed.ok) {
        await ack({ response_type: 'ephemeral', text: `${parsed.error}\n${parsed.usage}` });
        return;
      }
      await ack();
      const logContext: LogContext = { command: command.command, ...slackIds(body) };
      await replySafely(respond, deps.log, logContext, () =>
        answer(parsed.value, {
          teamId: command.team_id,
          channelId: command.channel_id,
          userId: command.user_id,
          triggerId: command.trigger_id,
          deps,
          client,
          logContext,
        }),
      );
    });
  }
}
