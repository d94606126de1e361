/**
 * The rule builder's two submissions: the form (validated field by field, then replaced by the preview) and the
 * preview's Save. Both re-check on the server that the person is an admin of the account's workspace.
 */
import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { getAdAccount, type AdAccount } from '../../db/accounts.ts';
import { parseRule, RuleValidationError } from '../../intel/rules/index.ts';
import { RULE_BUILDER, rulePreviewModal } from '../../slack/blocks/index.ts';
import { HOW_TO_GET_ADMIN, isAdmin } from '../access.ts';
import type { BotDeps } from '../commands/index.ts';
import { saveNewRule } from '../commands/rule-save.ts';
import { formValues, readRuleForm } from '../rule-form.ts';
import { previewRule } from '../rule-preview.ts';
import { teamOf } from './proposals.ts';

type Meta = { accountId: string; definition?: unknown };

function parseMeta(raw: string): Meta | null {
  try {
    const v = JSON.parse(raw) as Partial<Meta>;
    return typeof v.accountId === 'string' ? (v as Meta) : null;
  } catch {
    return null;
  }
}

/** The account the form is for, when this person may change its rules; else why not. */
async function allowed(
  deps: BotDeps,
  client: WebClient,
  meta: Meta | null,
  body: Parameters<typeof teamOf>[0] & { user: { id: string } },
): Promise<AdAccount | string> {
  const account = meta ? await getAdAccount(deps.pool, meta.accountId) : null;
  if (!account || account.workspace_id !== teamOf(body)) return 'This form lost its account; run /rules new again.';
  if (!(await isAdmin(client, deps.config, body.user.id)))
    return `Only adpilot admins can change rules. To become one, ${HOW_TO_GET_ADMIN}.`;
  return account;
}

const messageModal = (title: string, text: string) => ({
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: title },
  close: { type: 'plain_text' as const, text: 'Close' },
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: text.slice(0, 2900) } }],
});

export function registerRuleBuilder(app: App, deps: BotDeps): void {
  const now = deps.now ?? Date.now;

  // The backtest reads 14 or 30 days of stored history, which can take longer than Slack's 3 s ack limit: the ack
  // swaps in a placeholder without a submit button, and views.update replaces it with the preview when done.
  app.view(RULE_BUILDER.callbackId, async ({ ack, view, body, client }) => {
    const meta = parseMeta(view.private_metadata);
    const account = await allowed(deps, client, meta, body);
    const firstBlock = Object.keys(view.state.values)[0] ?? 'name';
    if (typeof account === 'string')
      return void (await ack({ response_action: 'errors', errors: { [firstBlock]: account.slice(0, 150) } }));
    const form = readRuleForm(formValues(view.state.values));
    if (!form.ok) return void (await ack({ response_action: 'errors', errors: form.errors }));
    const rule = parseRule(form.definition);
    const metadata = JSON.stringify({ accountId: account.id, definition: form.definition });
    if (metadata.length > 3000)
      return void (await ack({
        response_action: 'errors',
        errors: { name: 'This rule is too large for the builder; use the text form' },
      }));
    await ack({
      response_action: 'update',
      view: {
        ...messageModal('Preview rule', 'Computing what the rule matches now and its backtest…'),
        callback_id: 'rule_preview_pending',
      },
    });
    try {
      const preview = await previewRule(deps.pool, account, rule, form.backtestDays, now());
      await client.views.update({ view_id: view.id, view: rulePreviewModal(preview, metadata) });
    } catch (e) {
      deps.log.error('rule preview failed', { accountId: account.id, error: (e as Error).message });
      await client.views.update({
        view_id: view.id,
        view: messageModal('Preview failed', 'The preview could not be computed; nothing was saved. Try again.'),
      });
    }
  });

  app.view(RULE_BUILDER.previewCallbackId, async ({ ack, view, body, client }) => {
    const meta = parseMeta(view.private_metadata);
    const account = await allowed(deps, client, meta, body);
    if (typeof account === 'string')
      return void (await ack({ response_action: 'update', view: messageModal('Not saved', account) }));
    try {
      const saved = await saveNewRule(deps.pool, {
        workspaceId: account.workspace_id,
        accountId: account.id,
        userId: body.user.id,
        definition: meta!.definition,
        audit: { via: 'builder' },
      });
      if (!saved.ok)
        return void (await ack({ response_action: 'update', view: messageModal('Not saved', saved.error) }));
      await ack();
      if (account.slack_channel_id)
        await client.chat.postEphemeral({
          channel: account.slack_channel_id,
          user: body.user.id,
          text: `Saved rule "${saved.stored.rule.name}"; it runs from the next collection.`,
        });
    } catch (e) {
      if (!(e instanceof RuleValidationError)) throw e;
      await ack({ response_action: 'update', view: messageModal('Not saved', e.message) });
    }
  });
}
