/**
 * Every `ApplicationFailure` type adpilot raises: one list, so activities, workflows (their catch blocks and retry
 * policies) and the bot tell failures apart by a constant, never a retyped string. Pure, so workflows may import it.
 */
export const FailureType = {
  // Non-retryable activity failures: retrying cannot help.
  NotFound: 'NotFound',
  InvalidAction: 'InvalidAction',
  ExecutorDisabled: 'ExecutorDisabled',
  MetaAuth: 'MetaAuth',
  MetaPermission: 'MetaPermission',
  MetaInvalidParameter: 'MetaInvalidParameter',
  MetaPermanent: 'MetaPermanent',
  InvalidData: 'InvalidData',
  /** Meta refused a request as too large even after splitting it. */
  MetaTooMuchData: 'MetaTooMuchData',
  // Retryable Graph API failures: a throttle waits for Meta's advertised delay, a transient one backs off.
  MetaThrottle: 'MetaThrottle',
  MetaTransient: 'MetaTransient',
  // Retryable: every collection slot of the account's Meta business is taken; retried after a short wait.
  MetaBusinessBusy: 'MetaBusinessBusy',
  // Workflow outcomes.
  CollectionFailed: 'CollectionFailed',
  CollectionCancelled: 'CollectionCancelled',
  ForecastFailed: 'ForecastFailed',
  /** A decision or undo refused by its Update handler (the approver list it read when the Update arrived). */
  DecisionRefused: 'DecisionRefused',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
