/** /status: recent collection runs, the schedule, feature switches and whether there is enough data. */
import {
  context,
  esc,
  fallback,
  formatDuration,
  formatNumber,
  header,
  md,
  section,
  slackDate,
  truncate,
  type Block,
  type Message,
} from './text.ts';

export interface StatusRun {
  startedAt: number;
  /** running | completed | failed, or a Temporal status name */
  status: string;
  rowsWritten?: number;
  durationMs?: number;
  error?: string;
}

export interface StatusCardInput {
  accountName: string;
  runs: StatusRun[];
  schedule?: { every: string; nextRunAt?: number; paused?: boolean };
  switches: { name: string; on: boolean }[];
  dataSufficiency?: string;
  /**
   * The other schedules' last results, one mrkdwn line each ("Score 72 · …", "Forecasts: completed in 1.2 s · …"):
   * built by the caller, who escapes what came from outside (they carry Slack date tokens, which must not be escaped).
   */
  intelligence?: string[];
}

const RUN_ICON: Record<string, string> = {
  running: ':hourglass_flowing_sand:',
  completed: ':white_check_mark:',
  failed: ':x:',
};

export function statusCard(s: StatusCardInput): Message {
  const runs = s.runs.slice(0, 8).map((r) => {
    const bits = [`${RUN_ICON[r.status] ?? ':grey_question:'} ${slackDate(r.startedAt)} ${esc(r.status, 40)}`];
    if (r.rowsWritten !== undefined) bits.push(`${formatNumber(r.rowsWritten, 0)} rows`);
    if (r.durationMs !== undefined) bits.push(formatDuration(r.durationMs));
    if (r.error) bits.push(`_${esc(r.error, 200)}_`);
    return bits.join(' · ');
  });
  const schedule = s.schedule
    ? `${s.schedule.paused ? ':double_vertical_bar: paused' : `every ${esc(s.schedule.every, 100)}`}` +
      (s.schedule.nextRunAt && !s.schedule.paused ? `, next ${slackDate(s.schedule.nextRunAt)}` : '')
    : '_no schedule_';
  const blocks: Block[] = [
    header(`Status: ${s.accountName}`),
    section(`*Last collections*\n${runs.join('\n') || '_none yet_'}`),
    {
      type: 'section',
      fields: [
        md(`*Schedule*\n${schedule}`, 2000),
        ...s.switches
          .slice(0, 9)
          .map((w) => md(`*${esc(w.name, 200)}*\n${w.on ? ':large_green_circle: on' : ':white_circle: off'}`, 2000)),
      ],
    },
  ];
  const intel = (s.intelligence ?? []).slice(0, 6);
  if (intel.length) blocks.push(section(`*Intelligence*\n${intel.map((l) => truncate(l, 400)).join('\n')}`));
  if (s.dataSufficiency) blocks.push(context(esc(s.dataSufficiency, 2900)));
  return { text: fallback(`Status of ${s.accountName}`), blocks };
}
