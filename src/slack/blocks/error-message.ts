/** What a user sees when something went wrong: never silence (STYLE.md §7). */
import { context, esc, fallback, section, type Message } from './text.ts';

export function errorMessage(text: string, hint?: string): Message {
  return {
    text: fallback(`Error: ${text}`),
    blocks: [section(`:warning: ${esc(text, 2900)}`), ...(hint ? [context(esc(hint, 2900))] : [])],
  };
}
