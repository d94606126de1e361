import { ruleSchema, type Rule } from './schema.ts';

export interface RuleIssue {
  /** Where the problem is, e.g. `conditions.all[1].value`; empty for the rule as a whole. */
  path: string;
  message: string;
}

/** An invalid rule; the message lists each problem with the path to the bad part. */
export class RuleValidationError extends Error {
  override name = 'RuleValidationError';
  readonly issues: RuleIssue[];
  constructor(issues: RuleIssue[]) {
    super(`Invalid rule:\n${issues.map((i) => `  ${i.path || '(rule)'}: ${i.message}`).join('\n')}`);
    this.issues = issues;
  }
}

/**
 * Validates a rule definition and fills in its defaults.
 * @throws RuleValidationError pointing at each bad part (e.g. `conditions.all[1].value: expected a number …`).
 */
export function parseRule(input: unknown): Rule {
  const r = ruleSchema.safeParse(input);
  if (r.success) return r.data;
  throw new RuleValidationError(flatten(r.error.issues).map((i) => ({ path: formatPath(i.path), message: i.message })));
}

const formatPath = (path: PropertyKey[]) =>
  path.reduce<string>(
    (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
    '',
  );

type Issue = { path: PropertyKey[]; message: string; code?: string; errors?: Issue[][] };

/**
 * A condition or a nested group is a union, and a union fails as one "invalid union" issue at the node; point at
 * the bad part instead, by taking the alternative whose issues go deepest (the one the author most likely meant).
 */
function flatten(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: PropertyKey[]; message: string }[] {
  return issues.flatMap((i) => {
    const path = [...prefix, ...i.path];
    if (i.code === 'invalid_union' && i.errors?.length) {
      const branches = i.errors.map((b) => flatten(b, path));
      const depth = (b: { path: PropertyKey[] }[]) => Math.max(...b.map((x) => x.path.length));
      return branches.reduce((best, b) => (depth(b) > depth(best) ? b : best));
    }
    return [{ path, message: i.message }];
  });
}
