import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { upsertAdAccount } from '../../src/db/accounts.ts';
import { addRule, installDefaultRules, listRules, setRuleEnabled } from '../../src/db/rules.ts';
import { RuleValidationError } from '../../src/intel/rules/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await upsertAdAccount(db.pool, { id: 'act_rules', workspaceId: 'T1', name: 'Rules' });
});
afterAll(async () => db.drop());

describe('stored rules', () => {
  it('installs the five templates once, however often it is called', async () => {
    expect(await installDefaultRules(db.pool, 'act_rules')).toBe(5);
    expect(await installDefaultRules(db.pool, 'act_rules')).toBe(0);
    expect((await listRules(db.pool, 'act_rules')).map((r) => r.templateId)).toHaveLength(5);
  });

  it('flags a new rule that would undo what an enabled rule does', async () => {
    const { stored, conflicts } = await addRule(
      db.pool,
      'act_rules',
      {
        name: 'Cut spenders',
        applies_to: 'adset',
        conditions: { all: [{ field: 'spend', operator: '>', value: 10 }] },
        action: { type: 'decrease_budget', params: { percent: 10 } },
      },
      'U_ALEX',
    );
    expect(stored.rule.name).toBe('Cut spenders');
    expect(conflicts.map((c) => [c.a, c.b].sort())).toContainEqual(
      [
        stored.id,
        (await listRules(db.pool, 'act_rules')).find((r) => r.templateId === 'scale_roas_winners')!.id,
      ].sort(),
    );
  });

  it('refuses an invalid rule and stores nothing', async () => {
    const before = (await listRules(db.pool, 'act_rules')).length;
    await expect(
      addRule(
        db.pool,
        'act_rules',
        { name: 'bad', applies_to: 'adset', conditions: { all: [] }, action: { type: 'pause' } },
        'U_ALEX',
      ),
    ).rejects.toBeInstanceOf(RuleValidationError);
    expect((await listRules(db.pool, 'act_rules')).length).toBe(before);
  });

  it('disables and enables a rule', async () => {
    const [first] = await listRules(db.pool, 'act_rules');
    expect(await setRuleEnabled(db.pool, first!.id, false)).toBe(true);
    expect((await listRules(db.pool, 'act_rules')).find((r) => r.id === first!.id)?.enabled).toBe(false);
  });
});
