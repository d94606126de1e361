/** One usage line per command: the parser's error answers and /adpilot help both show them, so they never drift. */
export const USAGE: Record<string, string> = {
  'sync-now': '`/sync-now [account]` collects the account now and reports the run summary.',
  score: '`/score [account]` shows the account intelligence score with its four components and top recommendations.',
  pending: '`/pending [account]` lists open proposals with Approve / Reject buttons.',
  status: '`/status [account]` shows the last collection runs, the schedule, feature switches and data sufficiency.',
  patterns:
    '`/patterns [account] [refresh]` shows what adpilot learned from the account: best hours, fatigue, budget sweet spot.',
  rules:
    '`/rules` lists rules · `/rules templates` lists templates · `/rules add &lt;template&gt;` · ' +
    '`/rules add if spend 48h &gt; 100 and conversions 48h = 0 then pause adset` (fields, windows and operators as in the builder; ' +
    'and binds before or; parentheses group; budget +20% / -20%, bid 10%) · `/rules new` opens the builder · `/rules enable &lt;rule&gt;` · ' +
    '`/rules disable &lt;rule&gt;` · `/rules backtest &lt;rule&gt; [days]` (default 14, at most 90).',
  forecast:
    '`/forecast [sync]` posts the ROI forecast, actual-vs-predicted and budget charts (`sync` regenerates them first).',
  budget: '`/budget &lt;total per day&gt;` recommends how to split a daily budget, e.g. `/budget 1500`.',
  accuracy: '`/accuracy [account]` shows how accurate past predictions were.',
  audit: '`/adpilot audit [account]` lists the latest admin actions (who, what, when, before and after); admins only.',
  connect:
    '`/adpilot connect` opens a form to connect a Meta ad account: its token, channel, approvers and targets; admins only.',
  accounts: '`/adpilot accounts` lists the workspace’s ad accounts with their status.',
  settings:
    '`/adpilot settings [account]` edits an account’s channel, approvers and targets, or replaces its token; admins only.',
  disconnect:
    '`/adpilot disconnect &lt;account&gt;` stops watching an account (its history is kept), after a confirmation; admins only.',
  help: '`/help [command]` lists every command, or explains one.',
  adpilot:
    '`/adpilot help` lists every command. Subcommands: `sync`, `score`, `pending`, `status`, `rules …`, `patterns`, `forecast`, `budget`, `accuracy`, `audit`, `connect`, `accounts`, `settings`, `disconnect`.',
};
