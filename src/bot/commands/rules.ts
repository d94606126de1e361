import { addRule, listRules, setRuleEnabled } from '../../db/rules.ts';
import { TEMPLATE_INPUTS } from '../../intel/rules/index.ts';
import { errorMessage, rulesList } from '../blocks/index.ts';
import { USAGE } from './parse.ts';
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

/** /rules: list, enable/disable (by number or id), add from a template. */
export const rules: Handler<'rules'> = async (cmd, { account, deps, userId }) => {
  if (cmd.sub === 'templates') return templatesReply();
  if (cmd.sub === 'list') {
    const stored = await listRules(deps.pool, account.id);
    return rulesList({
      accountName: account.name,
      rules: stored.map((r) => ({
        id: r.id,
        name: r.rule.name,
        enabled: r.enabled,
        description: r.rule.description ?? '',
      })),
    });
  }
  if (cmd.sub === 'enable' || cmd.sub === 'disable') {
    const stored = await listRules(deps.pool, account.id);
    const rule = /^\d+$/.test(cmd.ruleRef) ? stored[Number(cmd.ruleRef) - 1] : stored.find((r) => r.id === cmd.ruleRef);
    if (!rule)
      return errorMessage(`No rule "${cmd.ruleRef}" on ${account.name}; /rules lists them with their numbers.`);
    await setRuleEnabled(deps.pool, rule.id, cmd.sub === 'enable');
    return { text: `${cmd.sub === 'enable' ? 'Enabled' : 'Disabled'} "${rule.rule.name}".` };
  }
  if (cmd.sub === 'add') {
    const template = TEMPLATE_INPUTS[cmd.templateId];
    if (!template) return errorMessage(`No template "${cmd.templateId}"; /rules templates lists them.`);
    const { stored, conflicts } = await addRule(deps.pool, account.id, template, userId, null);
    return {
      text: `Added "${stored.rule.name}".${conflicts.length ? ` Warning: ${conflicts.map((c) => c.reason).join(' ')}` : ''}`,
    };
  }
  return errorMessage('Backtests from Slack are not available yet.', USAGE.rules);
};
