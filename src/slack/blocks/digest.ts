/**
 * One message for the notes that need no decision (outcomes measured, rules that fired in shadow mode, data
 * warnings), grouped by kind, instead of a message each: channels stay readable and Slack's ~1 message per
 * second per channel is respected.
 */
import { context, esc, fallback, header, section, slackDate, truncate, type Block, type Message } from './text.ts';

export interface Notification {
  /** Group heading, e.g. "Outcomes measured", "Data warnings". */
  kind: string;
  text: string;
  at: number;
  accountName?: string;
}

// header + (section per group) + context; sections hold many lines, so groups are the unit that counts.
const MAX_GROUPS = 45;
const MAX_LINES_PER_GROUP = 15;

export function digest(notifications: Notification[], title = 'adpilot digest'): Message {
  const groups = new Map<string, Notification[]>();
  for (const n of [...notifications].sort((a, b) => a.at - b.at))
    groups.set(n.kind, [...(groups.get(n.kind) ?? []), n]);
  const blocks: Block[] = [header(title)];
  if (notifications.length === 0) blocks.push(section('Nothing new.'));
  for (const [kind, items] of [...groups].slice(0, MAX_GROUPS)) {
    const lines = items
      .slice(0, MAX_LINES_PER_GROUP)
      .map((n) => `• ${n.accountName ? `_${esc(n.accountName, 80)}_: ` : ''}${esc(n.text, 160)}`);
    if (items.length > MAX_LINES_PER_GROUP) lines.push(`…and ${items.length - MAX_LINES_PER_GROUP} more`);
    blocks.push(section(truncate(`*${esc(kind, 100)}* (${items.length})\n${lines.join('\n')}`, 3000)));
  }
  if (groups.size > MAX_GROUPS) blocks.push(context(`…and ${groups.size - MAX_GROUPS} more kinds of notes`));
  const last = notifications.reduce((m, n) => Math.max(m, n.at), 0);
  if (last > 0) blocks.push(context(`Up to ${slackDate(last)}`));
  return { text: fallback(`${title}: ${notifications.length} notes`), blocks };
}
