import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { App, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  appHome,
  decidedProposalCard,
  parseRejectMetadata,
  proposalCard,
  rejectReasonModal,
  type ProposalCardInput,
} from '../../../src/slack/blocks/index.ts';
import { renderChartPng } from '../../../src/charts/index.ts';
import { startSlackEmulator, type SlackEmulator } from '../../../src/emulators/slack/index.ts';
import { charts } from '../../charts/samples.ts';
import { eventually } from '../../support/eventually.ts';
import { slash } from '../../support/slack.ts';

// A real Bolt app on the emulator: the path the lead's bot takes, reduced to what the building blocks need.
const SECRET = 'bolt-secret';
const TOKEN = 'xoxb-bolt';
let emu: SlackEmulator;
let app: App;

const proposal: ProposalCardInput = {
  id: 7,
  accountName: 'Demo shop',
  action: 'Lower daily budget 20%',
  entityName: 'Retargeting 30d',
  evidence: [{ label: 'ROAS (7 days)', value: 0.6, threshold: '< 1' }],
  explanation: 'Returns less than it costs.',
  expectedImpact: 'Saves about €20 a day',
  confidence: 0.7,
  dataAsOf: Date.now(),
};

beforeAll(async () => {
  emu = await startSlackEmulator({ botToken: TOKEN, signingSecret: SECRET });
  app = new App({
    token: TOKEN,
    signingSecret: SECRET,
    // With botId and botUserId given, Bolt does not call auth.test at construction (research notes §1.9).
    botId: 'B_ADPILOT',
    botUserId: 'U_ADPILOT',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: emu.url, retryConfig: { retries: 0 } },
  });
  app.command('/score', async ({ ack, command, client, respond }) => {
    await ack();
    const png = await renderChartPng(charts.trend!, { width: 400, height: 200 });
    const posted = await client.chat.postMessage({ channel: command.channel_id, ...proposalCard(proposal) });
    await client.filesUploadV2({
      channel_id: command.channel_id,
      thread_ts: posted.ts!,
      file: png,
      filename: 'trend.png',
      alt_text: 'trend',
    });
    await respond({ text: 'Posted the proposal.' });
  });
  app.action<BlockAction<ButtonAction>>('proposal_reject', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: body.trigger_id,
      view: rejectReasonModal(Number(body.actions[0]!.value), {
        channelId: body.channel!.id,
        messageTs: body.message!.ts,
      }),
    });
  });
  app.view('proposal_reject_modal', async ({ ack, view, body, client }) => {
    const meta = parseRejectMetadata(view.private_metadata)!;
    const reason = view.state.values.reject_reason?.reason?.value ?? '';
    if (reason.length < 3)
      return ack({ response_action: 'errors', errors: { reject_reason: 'Say why in a few words.' } });
    await ack();
    await client.chat.update({
      channel: meta.channelId!,
      ts: meta.messageTs!,
      ...decidedProposalCard(
        proposal,
        { outcome: 'rejected', userId: body.user.id, at: Date.now(), rejectReason: reason },
        Date.now(),
      ),
    });
  });
  app.event('app_home_opened', async ({ event, client }) => {
    await client.views.publish({
      user_id: event.user,
      view: appHome({
        userId: event.user,
        canApprove: false,
        accounts: [],
        pending: [],
        recent: [],
        updatedAt: Date.now(),
      }),
    });
  });
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  emu.appRequestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
});
afterAll(async () => {
  await app.stop();
  await emu.close();
});

describe('a Bolt app against the emulator', () => {
  it('answers 401 to a forged slash command', async () => {
    expect((await slash(emu, '/score', undefined, { tamper: 'bad-signature' })).status).toBe(401);
  });

  it('runs a slash command: ack, card, chart in its thread, ephemeral reply through response_url', async () => {
    const result = await emu.sendSlashCommand({ command: '/score', userId: 'U_APPROVER', channelId: 'C_ADS' });
    expect(result.status).toBe(200);
    expect(result.durationMs).toBeLessThan(3000);
    await emu.waitForCall('files.completeUploadExternal');
    const messages = emu.state.visibleMessages('C_ADS', 'U_APPROVER');
    const card = messages.find((m) => m.text.startsWith('Proposal #7'))!;
    expect(messages.find((m) => m.files?.length)?.thread_ts).toBe(card.ts);
    await eventually(
      () =>
        emu.state
          .visibleMessages('C_ADS', 'U_APPROVER')
          .some((m) => m.text === 'Posted the proposal.' && m.ephemeralFor === 'U_APPROVER') || undefined,
      5000,
      'the ephemeral respond()',
    );
    expect(emu.calls('files.getUploadURLExternal')[0]?.args.team_id).toBe('T_ADPILOT');
  });

  it('rejects through the modal: click, views.open, a refused short reason, then chat.update of the card', async () => {
    const card = emu.state.visibleMessages('C_ADS').find((m) => m.text.startsWith('Proposal #7'))!;
    await emu.clickButton({
      channelId: 'C_ADS',
      messageTs: card.ts,
      actionId: 'proposal_reject',
      userId: 'U_APPROVER',
    });
    await emu.waitForCall('views.open');
    const modal = emu.state.openModal('U_APPROVER')!;
    expect(modal.callback_id).toBe('proposal_reject_modal');

    await emu.submitView({ viewId: modal.id, userId: 'U_APPROVER', values: { reject_reason: { reason: 'no' } } });
    expect(emu.state.openModal('U_APPROVER')?.errors).toEqual({ reject_reason: 'Say why in a few words.' });

    await emu.submitView({
      viewId: modal.id,
      userId: 'U_APPROVER',
      values: { reject_reason: { reason: 'Sale starts tomorrow' } },
    });
    expect(emu.state.openModal('U_APPROVER')).toBeUndefined();
    await emu.waitForCall('chat.update');
    const updated = emu.state.findMessage('C_ADS', card.ts)!;
    expect(updated.text).toContain('rejected');
    expect(JSON.stringify(updated.blocks)).toContain('Sale starts tomorrow');
  });

  it('publishes the Home tab when the user opens it', async () => {
    await emu.openAppHome('U_VIEWER');
    await emu.waitForCall('views.publish');
    expect(emu.state.homes.get('U_VIEWER')).toBeDefined();
  });
});
