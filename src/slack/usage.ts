/** One usage line per command: the parser's error answers and /adpilot help both show them, so they never drift. */
export const USAGE: Record<string, string> = {
  'sync-now': '`/sync-now [account]` collects the account now and reports the run summary.',
  score: '`/score [account]` shows the account intelligence score with its four components and top recommendations.',
  pending: '`/pending [account]` lists open proposals with Approve / Reject buttons.',
  status: '`/status [account]` shows the last collection runs, the schedule, feature switches and data sufficiency.',
  patterns:
    '`/patterns [account] [refresh]` shows what adpilot learned from the account: best hours, fatigue, budget sweet spot.',
  rules:
    '`/rules` lists rules · `/rules templates` lists templates · `/rules add <template>` · `/rules enable <rule>` · ' +
    '`/rules disable <rule>` · `/rules backtest <rule> [days]` (default 14, at most 90).',
  forecast:
    '`/forecast [sync]` posts the ROI forecast, actual-vs-predicted and budget charts (`sync` regenerates them first).',
  budget: '`/budget <total per day>` recommends how to split a daily budget, e.g. `/budget 1500`.',
  accuracy: '`/accuracy [account]` shows how accurate past predictions were.',
  adpilot:
    '`/adpilot help` lists every command. Subcommands: `sync`, `score`, `pending`, `status`, `rules …`, `patterns`, `forecast`, `budget`, `accuracy`.',
};
