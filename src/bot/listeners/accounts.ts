import type { App } from '@slack/bolt';
import { createVault } from '../../db/vault.ts';
import { ACCOUNT_MODAL, DISCONNECT_ACTION, errorMessage, readAccountForm } from '../../slack/blocks/index.ts';
import { HOW_TO_GET_ADMIN, isAdmin } from '../access.ts';
import { checkAccountForm } from '../accounts/checks.ts';
import { disconnectAccount } from '../accounts/disconnect.ts';
import { saveAccount } from '../accounts/save.ts';
import { scheduleAccount } from '../accounts/schedules.ts';
import type { BotDeps } from '../commands/index.ts';
import { teamOf } from './proposals.ts';
import { replySafely, replyTo, slackIds } from './reply.ts';

/**
 * The connect / settings modal's submission and the disconnect button. The submission is answered within Slack's
 * 3 s: errors field by field, or saved and closed; the Schedules and the first collection come after the ack.
 */
export function registerAccountListeners(app: App, deps: BotDeps): void {
  const vault = createVault(deps.config.ADPILOT_ENCRYPTION_KEYS);
  const metaBaseUrl = deps.metaBaseUrl ?? `${deps.config.META_GRAPH_URL}/${deps.config.META_API_VERSION}`;

  app.view(ACCOUNT_MODAL.callbackId, async ({ ack, view, body, client }) => {
    const { form, errors: shape } = readAccountForm(view.private_metadata, view.state.values);
    if (form.token && !vault.canEncrypt)
      shape[ACCOUNT_MODAL.blocks.token] =
        'The operator has not set ADPILOT_ENCRYPTION_KEYS, so adpilot cannot store a token safely yet.';
    const who = { teamId: teamOf(body), userId: body.user.id, teamName: body.team?.domain ?? teamOf(body) };
    const checked = await checkAccountForm(
      { client, config: deps.config, db: deps.pool, metaBaseUrl },
      who,
      form,
      shape,
    );
    if (Object.keys(checked.errors).length) {
      await ack({ response_action: 'errors', errors: checked.errors });
      return;
    }
    let saved;
    try {
      saved = await saveAccount(deps.pool, vault, who, form, checked);
    } catch (error) {
      deps.log.error('saving an account failed; nothing was changed', {
        ...slackIds(body),
        accountId: form.accountId,
        error,
      });
      const field = form.mode === 'connect' ? ACCOUNT_MODAL.blocks.account : ACCOUNT_MODAL.blocks.channel;
      await ack({
        response_action: 'errors',
        errors: { [field]: 'adpilot could not save this; nothing was changed.' },
      });
      return;
    }
    await ack();
    const { account, activated } = saved;
    const verb = form.mode === 'connect' ? 'connected' : activated ? 'reconnected' : 'updated';
    try {
      await scheduleAccount(deps.temporal, deps.config, account.id, { firstCollection: activated });
      await client.chat.postMessage({
        channel: form.channelId,
        text:
          `<@${who.userId}> ${verb} *${account.name}* (${account.id}) to this channel; approvers: ` +
          `${account.approver_user_ids.map((u) => `<@${u}>`).join(', ')}.` +
          (activated ? ' The first collection is running.' : ''),
      });
    } catch (error) {
      deps.log.error('Schedules of a saved account not started', { ...slackIds(body), accountId: account.id, error });
      await client.chat.postMessage({
        channel: who.userId,
        text: `${account.id} is saved, but its Schedules could not be started (${(error as Error).message}); submit \`/adpilot settings ${account.id}\` again.`,
      });
    }
  });

  app.action(DISCONNECT_ACTION, async ({ ack, body, action, respond, client }) => {
    await ack();
    const accountId = (action as { value?: string }).value ?? '';
    const ids = { ...slackIds(body), action: DISCONNECT_ACTION, accountId };
    await replySafely(replyTo(respond, client, body.user.id), deps.log, ids, async () => {
      if (!(await isAdmin(client, deps.config, body.user.id)))
        return errorMessage(`Only adpilot admins can disconnect an account. To become one, ${HOW_TO_GET_ADMIN}.`);
      const text = await disconnectAccount(
        deps.pool,
        deps.temporal,
        { teamId: teamOf(body), userId: body.user.id },
        accountId,
      );
      return { text };
    });
  });
}
