import { recordAudit } from '../../db/audit.ts';
import { addRule, listRules, setRuleEnabled, type StoredRule } from '../../db/rules.ts';
import { ruleHistory } from '../../db/rule-history.ts';
import { backtestRule, TEMPLATE_INPUTS } from '../../intel/rules/index.ts';
import { backtestResult, errorMessage, rulesList } from '../../slack/blocks/index.ts';
import type { Handler, Reply } from './types.ts';

/** `/rules templates` needs no account. */
export function templatesReply(): Reply {
  return {
    text: 'Rule templates',
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: Object.entries(TEMPLATE_INPUTS)
            .map(([id, t]) => `• \`${id}\`: ${t.description ?? t.name}`)
            .join('\n'),
        },
      },
    ],
  };
}

/** /rules: list, enable/disable (by number or id), add from a template, backtest on stored history. */
export const rules: Handler<'rules'> = async (cmd, { account, deps, userId, teamId }) => {
  switch (cmd.sub) {
    case 'templates':
      return templatesReply();
    case 'list':
      return rulesList({
        accountName: account.name,
        rules: (await listRules(deps.pool, account.id)).map((r) => ({
          id: r.id,
          name: r.rule.name,
          enabled: r.enabled,
          description: r.rule.description ?? '',
        })),
      });
    case 'add': {
      const template = TEMPLATE_INPUTS[cmd.templateId];
      if (!template) return errorMessage(`No template "${cmd.templateId}"; /rules templates lists them.`);
      const { stored, conflicts } = await deps.pool.transaction(async (tx) => {
        const added = await addRule(tx, account.id, template, userId, null);
        await recordAudit(tx, {
          workspaceId: teamId,
          accountId: account.id,
          actorUserId: userId,
          action: 'rule.add',
          subject: added.stored.id,
          after: { name: added.stored.rule.name, template: cmd.templateId, enabled: added.stored.enabled },
        });
        return added;
      });
      return {
        text: `Added "${stored.rule.name}".${conflicts.length ? ` Warning: ${conflicts.map((c) => c.reason).join(' ')}` : ''}`,
      };
    }
    case 'enable':
    case 'disable':
    case 'backtest': {
      const rule = findRule(await listRules(deps.pool, account.id), cmd.ruleRef);
      if (!rule)
        return errorMessage(`No rule "${cmd.ruleRef}" on ${account.name}; /rules lists them with their numbers.`);
      if (cmd.sub !== 'backtest') {
        const enabled = cmd.sub === 'enable';
        await deps.pool.transaction(async (tx) => {
          await setRuleEnabled(tx, rule.id, enabled);
          await recordAudit(tx, {
            workspaceId: teamId,
            accountId: account.id,
            actorUserId: userId,
            action: `rule.${cmd.sub}`,
            subject: rule.id,
            before: { name: rule.rule.name, enabled: rule.enabled },
            after: { name: rule.rule.name, enabled },
          });
        });
        return { text: `${cmd.sub === 'enable' ? 'Enabled' : 'Disabled'} "${rule.rule.name}".` };
      }
      const history = await ruleHistory(deps.pool, account.id, (deps.now ?? Date.now)(), cmd.days);
      const result = backtestRule(rule.rule, history, {
        target_cpa: account.target_cpa,
        target_roas: account.target_roas,
        currency: account.currency,
      });
      return backtestResult({ accountName: account.name, currency: account.currency ?? 'USD', result });
    }
  }
};

/** A rule by its number in `/rules` (1-based) or its id. */
function findRule(stored: StoredRule[], ref: string): StoredRule | undefined {
  return /^\d+$/.test(ref) ? stored[Number(ref) - 1] : stored.find((r) => r.id === ref);
}
