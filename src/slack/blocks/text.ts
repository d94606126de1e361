/**
 * Text helpers for Block Kit builders. Slack counts characters after escaping, so every helper escapes first
 * and truncates second, ending a cut text with "…" rather than letting Slack reject the whole message.
 */
import type { types } from '@slack/bolt';

// Bolt re-exports @slack/types; importing it through Bolt keeps us on the version Bolt was built with.
export type Block = types.KnownBlock;
export type Button = types.Button;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
type PlainTextElement = types.PlainTextElement;
type MrkdwnElement = types.MrkdwnElement;

/** What every message builder returns: the arguments of chat.postMessage / chat.update / respond. */
export interface Message {
  text: string;
  blocks: Block[];
}

/** Cuts `text` to at most `max` characters, ending with "…" when it had to cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not leave half an HTML entity (`&am…`) or half a surrogate pair behind.
  let cut = text.slice(0, max - 1).replace(/&[a-z]{0,4}$/, '');
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Slack's three control characters in mrkdwn (https://api.slack.com/reference/surfaces/formatting#escaping). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(text || ' ', max), emoji: true };
}

/** A mrkdwn object from already formatted (escaped) mrkdwn. */
export function md(text: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncate(text || ' ', max) };
}

/** Escaped user data (campaign names, reasons) for use inside mrkdwn. */
export function esc(text: string, max = 3000): string {
  return truncate(escapeMrkdwn(text), max);
}

/** A date Slack shows in the reader's own time zone; the fallback (UTC) is what other clients print. */
export function slackDate(ms: number, format = '{date_short_pretty} {time}'): string {
  const fallback = new Date(ms).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
  return `<!date^${Math.floor(ms / 1000)}^${format}|${fallback}>`;
}

export function formatNumber(value: number, maxDigits = 2): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: maxDigits });
}

export function formatPercent(ratio: number, digits = 0): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** "3 h 5 min" style durations for freshness and undo windows; seconds under a minute ("2.4 s", not "0 min"). */
export function formatDuration(ms: number): string {
  if (ms < 59_500) return `${Math.max(0, ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.round(hours / 24)} days`;
}

export const divider = (): Block => ({ type: 'divider' });
export const header = (text: string): Block => ({ type: 'header', text: plain(text, 150) });
export const section = (mrkdwn: string): Block => ({ type: 'section', text: md(mrkdwn, 3000) });
export const context = (...mrkdwn: string[]): Block => ({
  type: 'context',
  elements: mrkdwn.slice(0, 10).map((t) => md(t, 3000)),
});

/** The fallback `text` of a message: notifications and screen readers show it; keep it one line. */
export function fallback(text: string): string {
  return truncate(text.replace(/\s+/g, ' '), 300);
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: plain(text, 75),
    action_id: actionId,
    value: truncate(value, 2000),
    ...(style ? { style } : {}),
  };
}
