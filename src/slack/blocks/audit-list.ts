/** `/adpilot audit`: the latest admin actions, newest first, each with who, what, when and what changed. */
import { context, esc, fallback, header, section, slackDate, type Message } from './text.ts';

export interface AuditItem {
  at: number;
  actorUserId: string;
  action: string;
  accountId: string | null;
  subject: string | null;
  before: unknown;
  after: unknown;
}

const MAX_ITEMS = 40; // 40 sections + header + context stays under Slack's 50 blocks

function change(before: unknown, after: unknown): string {
  const show = (v: unknown) => esc(JSON.stringify(v), 400);
  if (before == null && after == null) return '';
  if (before == null) return `\n→ ${show(after)}`;
  if (after == null) return `\nwas ${show(before)}`;
  return `\n${show(before)} → ${show(after)}`;
}

export function auditList(scope: string, items: readonly AuditItem[]): Message {
  const title = `Admin actions · ${scope}`;
  if (items.length === 0)
    return { text: `${title}: none yet`, blocks: [header(title), section('No admin action is recorded yet.')] };
  return {
    text: fallback(`${title}: ${items.length} latest`),
    blocks: [
      header(title),
      ...items
        .slice(0, MAX_ITEMS)
        .map((i) =>
          section(
            `${slackDate(i.at)} · <@${i.actorUserId}> · \`${esc(i.action, 80)}\`` +
              `${i.accountId ? ` · ${esc(i.accountId, 60)}` : ''}${i.subject ? ` · ${esc(i.subject, 80)}` : ''}` +
              change(i.before, i.after),
          ),
        ),
      context('Every admin action is kept; nothing here can be edited or deleted from Slack.'),
    ],
  };
}
