import { describe, expect, it } from '@jest/globals';
import { parseRole, RoleError } from '../src/role.ts';

describe('parseRole', () => {
  it('defaults to all, the single-process start', () => {
    expect(parseRole([])).toBe('all');
  });

  it('reads --role <r> and --role=<r>', () => {
    expect(parseRole(['--role', 'worker'])).toBe('worker');
    expect(parseRole(['--role=bot'])).toBe('bot');
    expect(parseRole(['--role', 'all'])).toBe('all');
  });

  it('refuses an unknown role, a missing value and a stray argument, naming the accepted roles', () => {
    expect(() => parseRole(['--role', 'workers'])).toThrow(RoleError);
    expect(() => parseRole(['--role', 'workers'])).toThrow('unknown role "workers": expected --role bot|worker|all');
    expect(() => parseRole(['--role'])).toThrow('--role needs a value: expected --role bot|worker|all');
    expect(() => parseRole(['--worker'])).toThrow('unknown argument "--worker"');
  });
});
