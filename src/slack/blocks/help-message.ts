/** Help for one command or all of them; the usage lines come from the command parser so they never drift. */
import { USAGE } from '../../bot/commands/parse.ts';
import { context, fallback, header, section, type Message } from './text.ts';

export function helpMessage(command?: string): Message {
  const name = command?.replace(/^\//, '');
  const usage = name ? USAGE[name] : undefined;
  if (usage) return { text: fallback(usage), blocks: [section(usage)] };
  const lines = Object.entries(USAGE)
    .filter(([k]) => k !== 'adpilot')
    .map(([, line]) => `• ${line}`);
  return {
    text: 'adpilot commands',
    blocks: [
      header('adpilot commands'),
      section(lines.join('\n')),
      context(
        `${name ? `No help for "${name}". ` : ''}Every command takes an optional account (\`act_…\`); the channel's account is the default.`,
      ),
    ],
  };
}
