import { describe, expect, it } from '@jest/globals';
import { evaluateExpression, ExpressionError, parseExpression } from '../../../src/intel/rules/index.ts';

const run = (
  src: string,
  vars: { target_cpa?: number | null; target_roas?: number | null } = { target_cpa: 20, target_roas: 2 },
) => evaluateExpression(parseExpression(src), vars);

describe('threshold expressions', () => {
  it.each([
    ['{target_cpa * 2}', 40],
    ['{2 * target_cpa}', 40],
    ['{target_cpa + 5 * 2}', 30],
    ['{(target_cpa + 5) * 2}', 50],
    ['{target_roas / 4}', 0.5],
    ['{-target_cpa + 100}', 80],
    ['{ 150 }', 150],
    ['{.5 * target_cpa}', 10],
  ])('%s is %d with target_cpa 20 and target_roas 2', (src, expected) => {
    expect(run(src)).toBeCloseTo(expected);
  });

  it('is undefined when the target it reads is not set', () => {
    expect(run('{target_cpa * 2}', {})).toBeUndefined();
  });

  it('falls back with ?? when the target is not set', () => {
    expect(run('{target_cpa * 2 ?? 100}', { target_cpa: null })).toBe(100);
    expect(run('{target_cpa * 2 ?? 100}', { target_cpa: 30 })).toBe(60);
  });

  it('is undefined on division by zero', () => {
    expect(run('{target_cpa / 0}')).toBeUndefined();
  });

  it.each([
    ['{target_cpc * 2}', /unknown variable "target_cpc"/],
    ['{$100}', /currency-free/],
    ['{target_cpa *}', /expected a number, a variable or "\(" at the end/],
    ['{target_cpa 2}', /expected an operator at column 13, found "2"/],
    ['{(target_cpa * 2}', /expected "\)"/],
    ['target_cpa * 2', /in braces/],
    ['{process.exit()}', /unexpected "." at column 9/],
    [`{${'1+'.repeat(150)}1}`, /longer than 200/],
  ])('refuses %s', (src, message) => {
    expect(() => parseExpression(src)).toThrow(ExpressionError);
    expect(() => parseExpression(src)).toThrow(message);
  });
});
