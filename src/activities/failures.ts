/** Types of non-retryable activity failures: one list, so workflows and the bot can tell them apart. */
export const FailureType = {
  NotFound: 'NotFound',
  InvalidAction: 'InvalidAction',
  ExecutorDisabled: 'ExecutorDisabled',
  MetaAuth: 'MetaAuth',
  MetaPermission: 'MetaPermission',
  MetaInvalidParameter: 'MetaInvalidParameter',
  MetaPermanent: 'MetaPermanent',
  InvalidData: 'InvalidData',
} as const;
export type FailureType = (typeof FailureType)[keyof typeof FailureType];
