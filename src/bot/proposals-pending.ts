/** How long a click waits for the proposals to be recorded before answering that adpilot is on it. */
export const PROPOSE_WAIT_MS = 5_000;
/** The answer when that wait runs out: the run goes on in Temporal and the cards follow. */
export const PROPOSALS_PENDING =
  'adpilot is creating the proposals; their cards will be posted for approval in a moment.';
