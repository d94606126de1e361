import { recordAudit } from '../../db/audit.ts';
import { isBroken, listRuleRows, setRuleEnabled } from '../../db/rules.ts';
import { ruleHistory } from '../../db/rule-history.ts';
import { backtestRule, TEMPLATE_INPUTS } from '../../intel/rules/index.ts';
import { backtestResult, errorMessage, ruleBuilderModal, rulesList } from '../../slack/blocks/index.ts';
import { RULE_LISTS } from '../rule-form.ts';
import { saveNewRule } from './rule-save.ts';
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
export const rules: Handler<'rules'> = async (cmd, ctx) => {
  const { account, deps, userId, teamId } = ctx;
  switch (cmd.sub) {
    case 'templates':
      return templatesReply();
    case 'list':
      return rulesList({
        accountName: account.name,
        rules: (await listRuleRows(deps.pool, account.id)).map((r) =>
          isBroken(r)
            ? { id: r.id, name: r.name, enabled: r.enabled, description: '', broken: r.broken }
            : { id: r.id, name: r.rule.name, enabled: r.enabled, description: r.rule.description ?? '' },
        ),
      });
    case 'new': {
      if (!ctx.triggerId) return errorMessage('Slack sent no trigger to open the builder with; run /rules new again.');
      await ctx.client.views.open({
        trigger_id: ctx.triggerId,
        view: ruleBuilderModal(RULE_LISTS, JSON.stringify({ accountId: account.id })),
      });
      return null;
    }
    case 'add': {
      const template = 'templateId' in cmd ? TEMPLATE_INPUTS[cmd.templateId] : cmd.definition;
      if (!template && 'templateId' in cmd)
        return errorMessage(`No template "${cmd.templateId}"; /rules templates lists them.`);
      const saved = await saveNewRule(deps.pool, {
        workspaceId: teamId,
        accountId: account.id,
        userId,
        definition: template,
        audit: 'templateId' in cmd ? { template: cmd.templateId } : { text: cmd.text },
      });
      if (!saved.ok) return errorMessage(saved.error);
      const { stored, conflicts } = saved;
      return {
        text: `Added "${stored.rule.name}".${conflicts.length ? ` Warning: ${conflicts.map((c) => c.reason).join(' ')}` : ''}`,
      };
    }
    case 'enable':
    case 'disable':
    case 'backtest': {
      const rule = findRule(await listRuleRows(deps.pool, account.id), cmd.ruleRef);
      if (!rule)
        return errorMessage(`No rule "${cmd.ruleRef}" on ${account.name}; /rules lists them with their numbers.`);
      const name = isBroken(rule) ? rule.name : rule.rule.name;
      if (isBroken(rule) && cmd.sub !== 'disable')
        return errorMessage(`"${name}" no longer parses (${rule.broken}); it can only be disabled or deleted.`);
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
            before: { name, enabled: rule.enabled },
            after: { name, enabled },
          });
        });
        return { text: `${cmd.sub === 'enable' ? 'Enabled' : 'Disabled'} "${name}".` };
      }
      if (isBroken(rule)) return errorMessage(`"${name}" no longer parses; it cannot be backtested.`);
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
function findRule<T extends { id: string }>(stored: T[], ref: string): T | undefined {
  return /^\d+$/.test(ref) ? stored[Number(ref) - 1] : stored.find((r) => r.id === ref);
}
