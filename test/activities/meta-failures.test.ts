import { describe, expect, it } from '@jest/globals';
import { ApplicationFailure } from '@temporalio/common';
import { toActivityFailure } from '../../src/activities/meta.ts';
import { FailureType } from '../../src/intel/failures.ts';
import { classifyMetaError } from '../../src/meta/errors.ts';

// Graph API errors become Temporal failures whose types come from the one FailureType list.
const failureOf = (code: number, httpStatus = 400) =>
  toActivityFailure(classifyMetaError({ message: 'boom', code, httpStatus, path: '/act_1/insights' }));

describe('toActivityFailure', () => {
  it.each([
    [4, 400, FailureType.MetaThrottle, false],
    [2, 500, FailureType.MetaTransient, false],
    [190, 400, FailureType.MetaAuth, true],
    [200, 403, FailureType.MetaPermission, true],
    [100, 400, FailureType.MetaInvalidParameter, true],
    [12, 400, FailureType.MetaPermanent, true],
  ])('maps Graph API code %i (HTTP %i) to %s, non-retryable: %s', (code, status, type, nonRetryable) => {
    const failure = failureOf(code, status);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type, nonRetryable });
  });

  it('lets a throttle wait as long as Meta asked', () => {
    const failure = toActivityFailure(
      classifyMetaError({ message: 'slow down', code: 80004, httpStatus: 400, path: '/x', retryAfterMs: 90_000 }),
    ) as ApplicationFailure;
    expect(failure.nextRetryDelay).toBe(90_000);
  });
});

describe('FailureType', () => {
  it('spells every value as its key, so a type read back from Temporal finds its constant', () => {
    for (const [key, value] of Object.entries(FailureType)) expect(value).toBe(key);
  });
});
