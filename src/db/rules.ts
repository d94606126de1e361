import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import {
  findRuleConflicts,
  parseRule,
  RuleValidationError,
  TEMPLATE_INPUTS,
  type Rule,
  type RuleConflict,
} from '../intel/rules/index.ts';

const ruleRow = z.object({
  id: z.string(),
  account_id: z.string(),
  template_id: z.string().nullable(),
  name: z.string(),
  enabled: z.boolean(),
  definition: z.unknown(),
  revision: z.number(),
});
export type StoredRule = {
  id: string;
  accountId: string;
  templateId: string | null;
  enabled: boolean;
  revision: number;
  rule: Rule;
};

const toStored = (r: z.infer<typeof ruleRow>): StoredRule => ({
  id: r.id,
  accountId: r.account_id,
  templateId: r.template_id,
  enabled: r.enabled,
  revision: r.revision,
  rule: { ...parseRule(r.definition), enabled: r.enabled },
});

/** Installs the default templates for an account (idempotent: one row per template). */
export async function installDefaultRules(db: DatabaseConnection, accountId: string): Promise<number> {
  let added = 0;
  for (const [templateId, input] of Object.entries(TEMPLATE_INPUTS)) {
    const rule = parseRule(input);
    const r = await db.query(sql.unsafe`
      INSERT INTO intel_automation_rule (account_id, template_id, name, definition)
      VALUES (${accountId}, ${templateId}, ${rule.name}, ${sql.jsonb(input as never)})
      ON CONFLICT (account_id, template_id) WHERE template_id IS NOT NULL DO NOTHING`);
    added += r.rowCount;
  }
  return added;
}

/**
 * Stores a new rule after validation, and reports the enabled rules it can fight with (opposite actions on
 * overlapping conditions) so the person saving it is told at once; the rule is still stored.
 * @throws RuleValidationError when the definition is invalid (nothing is stored).
 */
export async function addRule(
  db: DatabaseConnection,
  accountId: string,
  definition: unknown,
  createdBy: string,
  templateId: string | null = null,
): Promise<{ stored: StoredRule; conflicts: RuleConflict[] }> {
  const rule = parseRule(definition);
  const row = await db.one(sql.type(ruleRow)`
    INSERT INTO intel_automation_rule (account_id, template_id, name, definition, created_by)
    VALUES (${accountId}, ${templateId}, ${rule.name}, ${sql.jsonb(definition as never)}, ${createdBy})
    RETURNING id::text, account_id, template_id, name, enabled, definition, revision`);
  const stored = toStored(row);
  const others = (await listRules(db, accountId)).filter((r) => r.enabled && r.id !== stored.id);
  const conflicts = findRuleConflicts([
    { ...stored.rule, id: stored.id },
    ...others.map((o) => ({ ...o.rule, id: o.id })),
  ]).filter((c) => c.a === stored.id || c.b === stored.id);
  return { stored, conflicts };
}

/** A stored row that no longer passes the rule schema (written by an older version, or edited by hand). */
export type BrokenRule = { id: string; accountId: string; name: string; enabled: boolean; broken: string };

/**
 * Every row of the account in list order, a row that no longer parses as a BrokenRule instead of throwing, so one
 * bad row breaks neither `/rules` nor evaluation. Throws nothing for bad definitions.
 */
export async function listRuleRows(db: DatabaseConnection, accountId: string): Promise<(StoredRule | BrokenRule)[]> {
  const rows = await db.any(sql.type(ruleRow)`
    SELECT id::text, account_id, template_id, name, enabled, definition, revision FROM intel_automation_rule
    WHERE account_id = ${accountId} ORDER BY created_at, name`);
  return rows.map((r) => {
    try {
      return toStored(r);
    } catch (e) {
      if (!(e instanceof RuleValidationError)) throw e;
      return { id: r.id, accountId: r.account_id, name: r.name, enabled: r.enabled, broken: e.message };
    }
  });
}

export const isBroken = (r: StoredRule | BrokenRule): r is BrokenRule => 'broken' in r;

/** The account's valid rules; rows that no longer parse are left out (listRuleRows reports them). */
export async function listRules(db: DatabaseConnection, accountId: string): Promise<StoredRule[]> {
  return (await listRuleRows(db, accountId)).filter((r): r is StoredRule => !isBroken(r));
}

export async function getRule(db: DatabaseConnection, id: string): Promise<StoredRule | null> {
  const row = await db.maybeOne(sql.type(ruleRow)`
    SELECT id::text, account_id, template_id, name, enabled, definition, revision FROM intel_automation_rule WHERE id::text = ${id}`);
  return row ? toStored(row) : null;
}

export async function setRuleEnabled(db: DatabaseConnection, id: string, enabled: boolean): Promise<boolean> {
  const r = await db.query(
    sql.unsafe`UPDATE intel_automation_rule SET enabled = ${enabled}, updated_at = now(), revision = revision + 1 WHERE id::text = ${id}`,
  );
  return r.rowCount === 1;
}
