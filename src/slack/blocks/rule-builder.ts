/**
 * The rule builder modal (`/rules new`) and its preview step. Every select is filled from the engine's own lists,
 * passed in by the caller, so the modal cannot offer what the engine refuses.
 */
import { plain, section, context, esc, type Block, type ModalView } from './text.ts';

export const RULE_BUILDER = { callbackId: 'rule_builder', previewCallbackId: 'rule_preview', actionId: 'v' } as const;
/** Condition rows in the modal (Block Kit has no repeatable inputs; more go through the text form). */
export const CONDITION_ROWS = 3;

export interface RuleBuilderLists {
  levels: readonly string[];
  fields: readonly string[];
  windows: readonly string[];
  operators: readonly string[];
  actions: readonly string[];
  modes: readonly string[];
}

/** What the form holds: submitted values, or a stored rule's to pre-fill an edit. Strings as typed. */
export type RuleFormValues = Partial<Record<string, string>>;

type Option = { text: ReturnType<typeof plain>; value: string };
const option = (v: string): Option => ({ text: plain(v.replace(/_/g, ' '), 75), value: v });

function select(
  blockId: string,
  label: string,
  values: readonly string[],
  initial: string | undefined,
  optional = false,
  hint?: string,
): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label, 2000),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'static_select',
      action_id: RULE_BUILDER.actionId,
      options: values.slice(0, 100).map(option),
      ...(initial && values.includes(initial) ? { initial_option: option(initial) } : {}),
    },
  };
}

function text(blockId: string, label: string, initial: string | undefined, optional: boolean, hint?: string): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label, 2000),
    ...(hint ? { hint: plain(hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: RULE_BUILDER.actionId,
      max_length: 300,
      ...(initial ? { initial_value: initial } : {}),
    },
  };
}

/** `privateMetadata` carries the account id (and the rule being edited): the submission has no channel. */
export function ruleBuilderModal(lists: RuleBuilderLists, privateMetadata: string, v: RuleFormValues = {}): ModalView {
  const blocks: Block[] = [
    text('name', 'Name', v.name, false),
    select('level', 'Level', lists.levels, v.level ?? 'adset'),
    select('join', 'Conditions must', ['all', 'any'], v.join ?? 'all', false, 'all: AND · any: OR'),
  ];
  for (let i = 1; i <= CONDITION_ROWS; i++) {
    const optional = i > 1;
    blocks.push(
      select(`c${i}_field`, `Condition ${i}: field`, lists.fields, v[`c${i}_field`], optional),
      select(
        `c${i}_window`,
        `Condition ${i}: window`,
        lists.windows,
        v[`c${i}_window`],
        true,
        'Empty: the default 7d; attributes take none',
      ),
      select(`c${i}_op`, `Condition ${i}: operator`, lists.operators, v[`c${i}_op`], optional),
      text(
        `c${i}_value`,
        `Condition ${i}: value`,
        v[`c${i}_value`],
        true,
        'A number, an expression like {target_cpa * 2}, a text (ACTIVE), a list (a,b) or low,high',
      ),
    );
  }
  blocks.push(
    select('action', 'Action', lists.actions, v.action),
    text('percent', 'Budget / bid change, %', v.percent, true, 'Needed for budget and bid changes: 1 to 100'),
    select('mode', 'Mode', lists.modes, v.mode ?? 'approval_required'),
    text('priority', 'Priority (1 to 100)', v.priority ?? '50', false),
    select('expiry', 'Undecided proposals', ['drop', 'escalate'], v.expiry ?? 'drop'),
    text('expiry_hours', 'Proposals expire after, hours (1 to 336)', v.expiry_hours ?? '24', false),
    select('backtest_days', 'Backtest over', ['14', '30'], v.backtest_days ?? '14', false, 'days of stored history'),
  );
  return {
    type: 'modal',
    callback_id: RULE_BUILDER.callbackId,
    private_metadata: privateMetadata,
    title: plain('New rule', 24),
    submit: plain('Preview', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}

export interface RulePreview {
  ruleName: string;
  currency: string;
  /** Entities that match now. */
  matchingNow: { name: string }[];
  evaluatedNow: number;
  backtest: { days: number; totalMatches: number; entitiesAffected: number; spendInvolved: number };
  /** Conflicts with other rules: entities where both fire now. */
  conflicts: { otherRule: string; entities: string[] }[];
}

const MAX_NAMES = 15;

/** The confirm step: what the rule would match now and in the backtest; Save stores it. */
export function rulePreviewModal(p: RulePreview, privateMetadata: string): ModalView {
  const names = (list: string[]) =>
    list
      .slice(0, MAX_NAMES)
      .map((n) => esc(n, 80))
      .join(', ') + (list.length > MAX_NAMES ? ` +${list.length - MAX_NAMES}` : '');
  const b = p.backtest;
  const blocks: Block[] = [
    section(`*${esc(p.ruleName, 200)}*`),
    section(
      `*Matches now:* ${p.matchingNow.length} of ${p.evaluatedNow}` +
        (p.matchingNow.length ? `\n${names(p.matchingNow.map((m) => m.name))}` : ''),
    ),
    section(
      `*Backtest, last ${b.days} days:* ${b.totalMatches} proposals on ${b.entitiesAffected} ` +
        `${b.entitiesAffected === 1 ? 'entity' : 'entities'}, ${b.spendInvolved.toFixed(2)} ${esc(p.currency, 10)} of spend involved`,
    ),
  ];
  for (const c of p.conflicts.slice(0, 10))
    blocks.push(
      section(
        `:warning: *Conflicts with "${esc(c.otherRule, 120)}"*: both would fire on ${names(c.entities)}. ` +
          'Set the priorities apart (the higher one acts first) or narrow a scope, then preview again.',
      ),
    );
  blocks.push(context('Save stores the rule and it runs from the next collection. Cancel changes nothing.'));
  return {
    type: 'modal',
    callback_id: RULE_BUILDER.previewCallbackId,
    private_metadata: privateMetadata,
    title: plain('Preview rule', 24),
    submit: plain('Save rule', 24),
    close: plain('Cancel', 24),
    blocks,
  };
}
