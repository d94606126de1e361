import { log as activityLog } from '@temporalio/activity';
import { createLogger, type LogContext } from '../log.ts';

// Outside an activity (a test or script driving the notifier directly) there is no activity logger to use.
const fallback = createLogger();

/**
 * Runs an extra that must never fail its activity (a chart in a card's thread, a Home refresh): a failure is
 * logged with the activity's logger (which adds the workflow and activity ids) and `context` (the account,
 * proposal, user), and the main effect (the card) stands. Retrying the whole activity for an extra would post
 * nothing new and only delay the card's other work.
 */
export async function bestEffort(what: string, fn: () => Promise<unknown>, context: LogContext = {}): Promise<void> {
  try {
    await fn();
  } catch (error) {
    const message = `${what} failed: ${error instanceof Error ? error.message : String(error)}`;
    try {
      activityLog.warn(message, { ...context, error });
    } catch {
      fallback.warn(message, { ...context, error });
    }
  }
}
