/** The rule builder's submitted values read into the engine's rule schema, each problem pinned to its field. */
import {
  actionProblem,
  BUILDER_ACTIONS,
  BUILDER_OPERATORS,
  conditionSchema,
  ENTITY_TYPES,
  EXECUTION_MODES,
  FIELDS,
  parseRule,
  RuleValidationError,
  valueFor,
  windowProblem,
  WINDOWS,
  type Condition,
  type RuleInput,
  type Window,
} from '../intel/rules/index.ts';
import { CONDITION_ROWS, type RuleBuilderLists, type RuleFormValues } from '../slack/blocks/index.ts';

export const RULE_LISTS: RuleBuilderLists = {
  levels: ENTITY_TYPES,
  fields: FIELDS,
  windows: WINDOWS,
  operators: BUILDER_OPERATORS,
  actions: BUILDER_ACTIONS,
  modes: EXECUTION_MODES,
};

/** Why automatic is refused: the learning policy's autonomy ladder that would allow it does not exist yet. */
export const AUTOMATIC_REFUSED = 'Automatic needs the learning policy to earn it on evidence; not available yet';

type ViewState = Record<string, Record<string, { value?: string | null; selected_option?: { value: string } | null }>>;

/** A submitted view's state as block id → the one value in it (selects and text inputs alike). */
export function formValues(state: ViewState): RuleFormValues {
  const out: RuleFormValues = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const a = Object.values(actions)[0];
    const v = a?.selected_option?.value ?? a?.value ?? undefined;
    if (v !== undefined && v !== null && v.trim() !== '') out[blockId] = v.trim();
  }
  return out;
}

export type FormResult =
  { ok: true; definition: RuleInput; backtestDays: number } | { ok: false; errors: Record<string, string> };

const inList = <T extends string>(list: readonly T[], v: string | undefined): v is T =>
  v !== undefined && (list as readonly string[]).includes(v);

function intIn(v: string | undefined, lo: number, hi: number): number | undefined {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= lo && n <= hi ? n : undefined;
}

function readCondition(v: RuleFormValues, i: number, errors: Record<string, string>): Condition | undefined {
  const field = v[`c${i}_field`];
  const op = v[`c${i}_op`];
  const window = v[`c${i}_window`];
  const value = v[`c${i}_value`] ?? '';
  if (!field && !op && !value && i > 1) return undefined;
  if (!inList(FIELDS, field)) return void (errors[`c${i}_field`] = 'Choose a field');
  if (!inList(BUILDER_OPERATORS, op)) return void (errors[`c${i}_op`] = 'Choose an operator');
  if (window !== undefined) {
    const problem = inList(WINDOWS, window) ? windowProblem(field, window) : `unknown window ${window}`;
    if (problem) return void (errors[`c${i}_window`] = problem);
  }
  const c = {
    field: field,
    operator: op,
    ...(window ? { window: window as Window } : {}),
    value: valueFor(op, value, field),
  };
  if (c.value === undefined) delete (c as { value?: unknown }).value;
  const r = conditionSchema.safeParse(c);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  errors[issue?.path[0] === 'operator' ? `c${i}_op` : `c${i}_value`] = (issue?.message ?? 'invalid').slice(0, 150);
  return undefined;
}

/** Reads and validates the form; nothing is stored here. Throws nothing. */
export function readRuleForm(v: RuleFormValues): FormResult {
  const errors: Record<string, string> = {};
  if (!v.name) errors.name = 'Give the rule a name';
  else if (v.name.length > 120) errors.name = 'At most 120 characters';
  const level = inList(ENTITY_TYPES, v.level) ? (v.level) : undefined;
  if (!level) errors.level = 'Choose a level';
  const conditions: Condition[] = [];
  for (let i = 1; i <= CONDITION_ROWS; i++) {
    const c = readCondition(v, i, errors);
    if (c) conditions.push(c);
  }
  const action = inList(BUILDER_ACTIONS, v.action) ? v.action : undefined;
  if (!action) errors.action = 'Choose an action';
  else if (level && actionProblem(action, level)) errors.action = actionProblem(action, level)!;
  const edit = action === 'increase_budget' || action === 'decrease_budget' || action === 'adjust_bid';
  const percent = v.percent === undefined ? undefined : Number(v.percent.replace('%', ''));
  if (edit && (percent === undefined || !(percent > 0 && percent <= 100)))
    errors.percent = `${action} needs a percent from 1 to 100`;
  if (!edit && v.percent !== undefined) errors.percent = `${action ?? 'this action'} takes no percent; leave it empty`;
  if (v.mode === 'automatic') errors.mode = AUTOMATIC_REFUSED;
  else if (!inList(EXECUTION_MODES, v.mode)) errors.mode = 'Choose a mode';
  const priority = intIn(v.priority, 1, 100);
  if (priority === undefined) errors.priority = 'A whole number from 1 to 100';
  const hours = intIn(v.expiry_hours, 1, 336);
  if (hours === undefined) errors.expiry_hours = 'A whole number of hours from 1 to 336 (14 days)';
  const days = intIn(v.backtest_days, 14, 30);
  if (days !== 14 && days !== 30) errors.backtest_days = 'Choose 14 or 30 days';
  if (Object.keys(errors).length) return { ok: false, errors };
  const first = conditions.find((c) => c.window)?.window;
  const definition: RuleInput = {
    name: v.name!,
    applies_to: level!,
    window: first ?? '7d',
    conditions: v.join === 'any' ? { any: conditions } : { all: conditions },
    action: { type: action!, params: edit ? { percent: percent! } : {} },
    execution_mode: v.mode as RuleInput['execution_mode'],
    priority: priority!,
    expiry: { policy: v.expiry === 'escalate' ? 'escalate' : 'drop', expires_in_hours: hours! },
  };
  try {
    parseRule(definition);
  } catch (e) {
    if (!(e instanceof RuleValidationError)) throw e;
    return {
      ok: false,
      errors: {
        name: e.issues
          .map((i) => i.message)
          .join('; ')
          .slice(0, 150),
      },
    };
  }
  return { ok: true, definition, backtestDays: days! };
}
