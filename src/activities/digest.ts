import type { DigestResult, Notifier } from './ports.ts';

/**
 * The digest step of a collection run. Without a Slack notifier (the recording default) the notes stay pending
 * in intel_notification, so nothing is lost and a later run with Slack posts them.
 */
export function createDigestActivities(deps: { notifier: Notifier | undefined }) {
  return {
    async postDigest(accountId: string): Promise<DigestResult> {
      return deps.notifier?.digest ? deps.notifier.digest(accountId) : { posted: false, notes: 0 };
    },
  };
}
