import { describe, expect, it } from '@jest/globals';
import { formatDuration } from '../../../src/slack/blocks/index.ts';

describe('formatDuration', () => {
  it('shows seconds under a minute, so a 2-second run does not read "0 min"', () => {
    expect(formatDuration(2_400)).toBe('2.4 s');
    expect(formatDuration(42_000)).toBe('42 s');
  });

  it('keeps minutes, hours and days above that', () => {
    expect(formatDuration(90_000)).toBe('2 min');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3 h 5 min');
    expect(formatDuration(72 * 3_600_000)).toBe('3 days');
  });
});
