import { sql, type DatabaseConnection } from 'slonik';
import { z } from 'zod';
import { findRuleConflicts, parseRule, TEMPLATE_INPUTS, type Rule, type RuleConflict } from '../intel/rules/index.ts';

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

export async function listRules(db: DatabaseConnection, accountId: string): Promise<StoredRule[]> {
  const rows = await db.any(sql.type(ruleRow)`
    SELECT id::text, account_id, template_id, name, enabled, definition, revision FROM intel_automation_rule
    WHERE account_id = ${accountId} ORDER BY created_at, name`);
  return rows.map(toStored);
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
