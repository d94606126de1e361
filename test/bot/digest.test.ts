import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createSlackNotifier } from '../../src/activities/slack-notifier.ts';
import { validateMessage } from '../../src/slack/blocks/index.ts';
import { markDigestSent } from '../../src/db/digests.ts';
import { listNotifications, recordNotification } from '../../src/db/notifications.ts';
import type { StoredMessage } from '../../src/emulators/slack/index.ts';
import type { collectAccount } from '../../src/workflows/collect-account.ts';
import { DEMO_ON_ADS } from '../support/bot-demo.ts';
import { startBotHarness, type BotHarness } from '../support/bot-harness.ts';
import { eventually as until } from '../support/eventually.ts';

Runtime.install({ logger: new DefaultLogger('WARN') });

// Non-actionable notes (suggestion-only proposals, fatigue notes) go out as one digest per collection run.
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ ...DEMO_ON_ADS, clock: 'simulated' });
}, 120_000);
afterAll(async () => h?.close());

const digests = (): StoredMessage[] =>
  (h.emu.state.messages.get('C_ADS') ?? []).filter((m) => m.text.startsWith('adpilot digest'));
const alerts = async (status: string) =>
  (await listNotifications(h.db.pool, h.accountId, 'alert')).filter((n) => n.status === status);
const note = (key: string, text: string) =>
  recordNotification(h.db.pool, {
    dedupeKey: key,
    accountId: h.accountId,
    kind: 'alert',
    payload: { topic: 'Creative fatigue', text },
  });
const digestNow = () => createSlackNotifier({ pool: h.db.pool, slack: h.slack }).digest!(h.accountId);

describe('the notification digest', () => {
  it('posts the pending notes of a collection run as one message, grouped, instead of a message each', async () => {
    const a = await h.propose('digest-1', { executionMode: 'suggestion_only' });
    const b = await h.propose('digest-2', {
      executionMode: 'suggestion_only',
      entityId: 'as_demo_broad',
      entityName: 'Broad 25-54',
      actionType: 'decrease_budget',
      params: { change_percent: 20 },
      explanation: 'CPA above twice the target for 3 days.',
    });
    await note('fatigue:ad_1', 'Ad "Summer sale 1" frequency 4.2, CTR down 38% in 7 days.');
    await until(async () => ((await alerts('pending')).length === 3 ? true : undefined));

    const run = await h.temporal.client.workflow.execute<typeof collectAccount>('collectAccount', {
      taskQueue: h.temporal.taskQueue,
      workflowId: `collect-digest-${Date.now()}`,
      args: [h.accountId, 'test'],
    });
    expect(run).toMatchObject({ accountId: h.accountId });

    expect(digests()).toHaveLength(1);
    const message = digests()[0]!;
    expect(validateMessage({ text: message.text, blocks: message.blocks })).toEqual([]);
    const body = JSON.stringify(message.blocks);
    expect(body).toContain('Suggestions (no decision needed)* (2)');
    expect(body).toContain('Pause ad set Interests - outdoor');
    expect(body).toContain('Lower daily budget 20% Broad 25-54');
    expect(body).toContain('Creative fatigue* (1)');
    expect(body).toContain('frequency 4.2');
    // No card per suggestion: nothing in the channel carries their buttons.
    const channel = JSON.stringify(h.emu.state.messages.get('C_ADS'));
    for (const id of [a, b]) expect(channel).not.toContain(`"value":"${id}"`);
    expect(await alerts('pending')).toEqual([]);
    const [row] = await listNotifications(h.db.pool, h.accountId, 'digest');
    expect(row).toMatchObject({ status: 'sent', channel_id: 'C_ADS', message_ts: message.ts });
  }, 120_000);

  it('posts nothing when it runs again without new notes', async () => {
    expect(await digestNow()).toEqual({ posted: false, notes: 0 });
    expect(digests()).toHaveLength(1);
  });

  it('re-posts a digest whose post failed exactly once, and leaves later notes for the next digest', async () => {
    await note('fatigue:ad_2', 'Ad "Summer sale 2" frequency 5.1.');
    h.emu.failNext('chat.postMessage', { error: 'internal_error' });
    await expect(digestNow()).rejects.toThrow(/internal_error/);
    expect(digests()).toHaveLength(1);
    // A note arriving between the failed attempt and its retry is not part of the claimed digest.
    await note('fatigue:ad_3', 'Ad "Summer sale 3" frequency 6.0.');
    expect(await digestNow()).toMatchObject({ posted: true, notes: 1 });
    expect(digests()).toHaveLength(2);
    expect(JSON.stringify(digests()[1]!.blocks)).toContain('Summer sale 2');
    expect(JSON.stringify(digests()[1]!.blocks)).not.toContain('Summer sale 3');
    expect(await digestNow()).toMatchObject({ posted: true, notes: 1 });
    expect(JSON.stringify(digests()[2]!.blocks)).toContain('Summer sale 3');
    expect(await digestNow()).toEqual({ posted: false, notes: 0 });
    expect(digests()).toHaveLength(3);
  });

  it('marks a digest sent only once (compare-and-set)', async () => {
    const sent = (await listNotifications(h.db.pool, h.accountId, 'digest'))[0]!;
    expect(await markDigestSent(h.db.pool, sent.id, 'C_ADS', '1.000001')).toBe(false);
    expect((await listNotifications(h.db.pool, h.accountId, 'digest'))[0]!.message_ts).toBe(sent.message_ts);
  });
});
