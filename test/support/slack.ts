import type { SlashCommand } from '../../src/emulators/slack/to-app/slash-command.ts';
import type { SlackEmulator } from '../../src/emulators/slack/index.ts';

/**
 * Sends `command` (with `text`, when given) as the emulator signs it, from the account's approver in the ads
 * channel (U_APPROVER in C_ADS, the default seed's) unless `o` says otherwise, e.g. `{ tamper }`.
 */
export function slash(
  emu: Pick<SlackEmulator, 'sendSlashCommand'>,
  command: string,
  text?: string,
  o: Partial<SlashCommand> = {},
): ReturnType<SlackEmulator['sendSlashCommand']> {
  return emu.sendSlashCommand({
    command,
    ...(text === undefined ? {} : { text }),
    userId: 'U_APPROVER',
    channelId: 'C_ADS',
    ...o,
  });
}
