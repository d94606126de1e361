/** Saving an authored rule: the account's limit, identical rules refused, conflicts reported, the write audited. */
import type { DatabaseConnection } from 'slonik';
import { recordAudit } from '../../db/audit.ts';
import { addRule, listRules } from '../../db/rules.ts';
import { parseRule, type Rule, type RuleConflict } from '../../intel/rules/index.ts';
import type { StoredRule } from '../../db/rules.ts';

/** Meta's own limit of automated rules per ad account. */
export const MAX_RULES_PER_ACCOUNT = 250;

/** What makes two rules the same rule: everything but their wording and on/off state. */
export function ruleFingerprint(rule: Rule): string {
  const { name: _n, description: _d, enabled: _e, ...rest } = rule;
  return stableJson(rest);
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export type SaveOutcome = { ok: true; stored: StoredRule; conflicts: RuleConflict[] } | { ok: false; error: string };

export interface SaveRequest {
  workspaceId: string;
  accountId: string;
  userId: string;
  definition: unknown;
  templateId?: string | null;
  /** Extra audit detail, e.g. the text the rule was written as. */
  audit?: Record<string, unknown>;
}

/**
 * Stores a new rule in one transaction with its audit row, unless the account holds 250 rules already or an
 * identical one. @throws RuleValidationError when the definition is invalid (nothing stored).
 */
export async function saveNewRule(db: DatabaseConnection, req: SaveRequest): Promise<SaveOutcome> {
  const rule = parseRule(req.definition);
  return db.transaction(async (tx) => {
    const existing = await listRules(tx, req.accountId);
    if (existing.length >= MAX_RULES_PER_ACCOUNT)
      return {
        ok: false,
        error: `This account has ${existing.length} rules, the most it can hold (${MAX_RULES_PER_ACCOUNT}); delete one first.`,
      };
    const fp = ruleFingerprint(rule);
    const twin = existing.findIndex((r) => r.rule && ruleFingerprint(r.rule) === fp);
    if (twin >= 0)
      return { ok: false, error: `Rule ${twin + 1} ("${existing[twin]!.rule.name}") is the same rule; nothing saved.` };
    const added = await addRule(tx, req.accountId, req.definition, req.userId, req.templateId ?? null);
    await recordAudit(tx, {
      workspaceId: req.workspaceId,
      accountId: req.accountId,
      actorUserId: req.userId,
      action: 'rule.add',
      subject: added.stored.id,
      after: { ...req.audit, name: added.stored.rule.name, enabled: added.stored.enabled, definition: req.definition },
    });
    return { ok: true, ...added };
  });
}
