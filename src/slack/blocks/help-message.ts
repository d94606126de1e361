/** Help for one command or all of them, from the usage lines the command parser answers with too. */
import { USAGE } from '../usage.ts';
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
