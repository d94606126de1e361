/**
 * The power users' text form of a rule: `if spend 48h > 100 and conversions 48h = 0 then pause adset`.
 * AND binds tighter than OR; parentheses group. Words come from the engine's own lists (fields, windows, operators,
 * actions, levels), and every error names the word it is at, counted from `if` as word 1.
 */
import { actionProblem, closest, literal, windowProblem } from './authoring.ts';
import { conditionSchema, type Condition, type ConditionNode } from './condition-schema.ts';
import { COMPARISONS, ENTITY_TYPES, FIELDS, OPERATORS, WINDOWS } from './fields.ts';
import type { ActionType, EntityType, Field, Window } from './fields.ts';
import { RuleValidationError, parseRule } from './parse.ts';
import type { Rule, RuleInput } from './schema.ts';

export type TextRuleResult = { ok: true; input: RuleInput; rule: Rule } | { ok: false; error: string };

type Token = { text: string; word: number };

class TextError extends Error {}
const at = (t: Token | undefined) => (t ? ` at word ${t.word}` : ' at the end');
const fail = (message: string): never => {
  throw new TextError(message);
};

/** Splits on spaces, keeps `{…}` expressions whole and makes parentheses words of their own. */
function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (let w = 0; w < words.length; w++) {
    let word = words[w]!;
    if (word.includes('{') && !word.includes('}')) {
      const start = w;
      while (!word.includes('}') && w + 1 < words.length) word += ` ${words[++w]}`;
      out.push({ text: word, word: start + 1 });
      continue;
    }
    for (const part of word.split(/([()])/).filter(Boolean)) out.push({ text: part, word: w + 1 });
  }
  return out;
}

const COMPARISON_WORDS: readonly string[] = COMPARISONS;
const OPERATOR_WORDS: readonly string[] = OPERATORS;
const LEVELS: Record<string, EntityType> = {
  campaign: 'campaign',
  campaigns: 'campaign',
  adset: 'adset',
  adsets: 'adset',
  ad: 'ad',
  ads: 'ad',
};

class Parser {
  private i = 0;
  private readonly tokens: Token[];
  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  peek = () => this.tokens[this.i];
  next = () => this.tokens[this.i++];
  isWord = (w: string) => this.peek()?.text.toLowerCase() === w;

  expect(word: string): void {
    const t = this.next();
    if (t?.text.toLowerCase() !== word) fail(`expected '${word}'${at(t)}${t ? `, not '${t.text}'` : ''}`);
  }

  /** expr := term ('or' term)* */
  expr(): ConditionNode {
    const terms = [this.term()];
    while (this.isWord('or')) {
      this.next();
      terms.push(this.term());
    }
    return terms.length === 1 ? terms[0]! : { any: terms };
  }

  term(): ConditionNode {
    const factors = [this.factor()];
    while (this.isWord('and')) {
      this.next();
      factors.push(this.factor());
    }
    return factors.length === 1 ? factors[0]! : { all: factors };
  }

  factor(): ConditionNode {
    if (this.isWord('(')) {
      this.next();
      const inner = this.expr();
      this.expect(')');
      return inner;
    }
    return this.condition();
  }

  condition(): Condition {
    const ft = this.next();
    if (!ft || ft.text === ')' || ft.text.toLowerCase() === 'then') fail(`expected a field${at(ft)}`);
    const field = ft!.text.toLowerCase() as Field;
    if (!FIELDS.includes(field)) {
      const hint = closest(ft!.text, FIELDS);
      fail(`unknown field '${ft!.text}'${at(ft)}; ${hint ? `did you mean ${hint}?` : `fields: ${FIELDS.join(', ')}`}`);
    }
    const c: Record<string, unknown> = { field };
    const wt = this.peek();
    if (wt && WINDOWS.includes(wt.text.toLowerCase() as Window)) {
      this.next();
      const window = wt.text.toLowerCase() as Window;
      const problem = windowProblem(field, window);
      if (problem) fail(`${problem}${at(wt)}`);
      c.window = window;
    } else if (wt && /^\d+[hd]$/i.test(wt.text))
      fail(`unknown window '${wt.text}'${at(wt)}; windows: ${WINDOWS.join(', ')}`);
    const ot = this.next();
    const op = ot?.text.toLowerCase() ?? '';
    if (!OPERATOR_WORDS.includes(op)) {
      const hint = closest(op, OPERATORS);
      fail(
        `unknown operator '${ot?.text ?? ''}'${at(ot)}; ${hint ? `did you mean ${hint}?` : `operators: ${OPERATORS.join(' ')}`}`,
      );
    }
    c.operator = op;
    if (op === 'for_hours' || op === 'for_days') {
      const nt = this.next();
      const n = Number(nt?.text);
      if (!Number.isInteger(n)) fail(`expected how many ${op === 'for_hours' ? 'hours' : 'days'}${at(nt)}`);
      c[op === 'for_hours' ? 'hours' : 'days'] = n;
      const it = this.next();
      if (!COMPARISON_WORDS.includes(it?.text ?? '')) fail(`expected a comparison (${COMPARISONS.join(' ')})${at(it)}`);
      c.inner = { operator: it!.text, value: this.value(field) };
    } else if (op === 'between') {
      const lo = this.value(field);
      this.expect('and');
      c.value = [lo, this.value(field)];
    } else if (op === 'in' || op === 'not_in') {
      const vt = this.next() ?? fail(`expected a list of values${at(undefined)}`);
      c.value = vt.text.split(',').map((v) => literal(v, field));
    } else if (op === 'increasing' || op === 'decreasing' || op === 'stable') {
      if (this.peek() && /^\d/.test(this.peek()!.text)) c.value = this.value(field);
    } else c.value = this.value(field);
    const r = conditionSchema.safeParse(c);
    if (!r.success)
      return fail(`${r.error.issues[0]?.message ?? 'invalid condition'}${at(ft)} (the condition on ${field})`);
    return r.data;
  }

  value(field: Field): number | string {
    const t = this.next();
    if (!t || ['and', 'or', 'then', ')'].includes(t.text.toLowerCase())) return fail(`expected a value${at(t)}`);
    return literal(t.text, field);
  }
}

/** then <action> <level> [N%]: budget +N% / -N% and bid N% are the short spellings. */
function action(p: Parser): { type: ActionType; level: EntityType; percent?: number } {
  let type: ActionType | undefined;
  let level: EntityType | undefined;
  let percent: number | undefined;
  for (let t = p.next(); t; t = p.next()) {
    const w = t.text.toLowerCase();
    const pct = /^([+-]?)(\d+(?:\.\d+)?)%$/.exec(w);
    if (LEVELS[w]) level = LEVELS[w];
    else if (pct) {
      percent = Number(pct[2]);
      if (type === 'increase_budget' && pct[1] === '-') type = 'decrease_budget';
    } else if ((ACTION_WORDS as readonly string[]).includes(w)) type = ACTION_WORDS_MAP[w];
    else {
      const hint = closest(w, [...Object.keys(ACTION_WORDS_MAP), ...Object.keys(LEVELS)]);
      fail(
        `unknown word '${t.text}'${at(t)} in the action; ${hint ? `did you mean ${hint}?` : `actions: ${Object.keys(ACTION_WORDS_MAP).join(', ')}`}`,
      );
    }
  }
  if (!type) fail(`expected an action after 'then' (${Object.keys(ACTION_WORDS_MAP).join(', ')})`);
  if (!level) fail(`expected the level after the action: ${ENTITY_TYPES.join(', ')}`);
  return { type: type!, level: level!, ...(percent === undefined ? {} : { percent }) };
}

const ACTION_WORDS_MAP: Record<string, ActionType> = {
  pause: 'pause',
  activate: 'activate',
  increase_budget: 'increase_budget',
  decrease_budget: 'decrease_budget',
  budget: 'increase_budget',
  adjust_bid: 'adjust_bid',
  bid: 'adjust_bid',
  duplicate: 'duplicate',
  notify_only: 'notify_only',
  notify: 'notify_only',
};
const ACTION_WORDS = Object.keys(ACTION_WORDS_MAP);

/** The rule's default window: the first one written (the backtest's spend uses it), else 7d. */
function firstWindow(n: ConditionNode): Window | undefined {
  if ('all' in n) return n.all.map(firstWindow).find(Boolean);
  if ('any' in n) return n.any.map(firstWindow).find(Boolean);
  return n.window;
}

/**
 * Parses the text form into a validated rule (named after its text). Throws nothing: a bad word or a rule the
 * engine refuses comes back as `{ ok: false, error }` naming the word or the part.
 */
export function parseRuleText(text: string): TextRuleResult {
  const clean = text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&').trim();
  try {
    const p = new Parser(tokenize(clean));
    p.expect('if');
    const root = p.expr();
    p.expect('then');
    const a = action(p);
    const problem = actionProblem(a.type, a.level);
    if (problem) fail(problem);
    const conditions = 'all' in root || 'any' in root ? root : { all: [root] };
    const input: RuleInput = {
      name: clean.length > 120 ? `${clean.slice(0, 119)}…` : clean,
      description: clean.slice(0, 500),
      applies_to: a.level,
      window: firstWindow(conditions) ?? '7d',
      conditions,
      action: { type: a.type, params: a.percent === undefined ? {} : { percent: a.percent } },
    };
    return { ok: true, input, rule: parseRule(input) };
  } catch (e) {
    if (e instanceof TextError) return { ok: false, error: e.message };
    if (e instanceof RuleValidationError) return { ok: false, error: e.issues.map((i) => i.message).join('; ') };
    throw e;
  }
}
