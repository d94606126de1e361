import { Context } from '@temporalio/activity';

/**
 * Runs an extra that must never fail its activity (a chart in a card's thread, a Home refresh): a failure is
 * logged with the activity's logger, and the main effect (the card) stands. Retrying the whole activity for an
 * extra would post nothing new and only delay the card's other work.
 */
export async function bestEffort(what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const message = `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
    let logged = false;
    try {
      Context.current().log.warn(message);
      logged = true;
    } catch {
      // called outside an activity (a test driving the notifier directly)
    }
    if (!logged) console.warn(`adpilot: ${message}`);
  }
}
