// `./adpilot accounts add|list|remove`: the operator's way to manage ad accounts as code, with the same checks and
// storage as the Slack modal. The token comes from stdin or --token-file, never from argv (argv is visible to every
// user of the machine in `ps` and lands in shell history).
import { WebClient } from '@slack/web-api';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sql } from 'slonik';
import { z } from 'zod';
import { checkAccountForm } from '../src/bot/accounts/checks.ts';
import { disconnectAccount } from '../src/bot/accounts/disconnect.ts';
import { saveAccount } from '../src/bot/accounts/save.ts';
import { scheduleAccount } from '../src/bot/accounts/schedules.ts';
import { loadConfig } from '../src/config.ts';
import { getAdAccount } from '../src/db/accounts.ts';
import { migrate } from '../src/db/migrate.ts';
import { createDb } from '../src/db/pool.ts';
import { createVault } from '../src/db/vault.ts';
import { ACCOUNT_MODAL, checkAccountFormShape, type AccountForm } from '../src/slack/blocks/index.ts';
import { connectClient } from '../src/temporal/connect.ts';

const USAGE = `usage:
  ./adpilot accounts add <act_…> --workspace <T…> --channel <C…> --approvers <U…,U…> [--target-cpa N] [--target-roas N]
                         [--token-file <path>]   (else the token is read from stdin)
  ./adpilot accounts list [--workspace <T…>]
  ./adpilot accounts remove <act_…> [--actor <who>]`;

// What each modal field is called on this command line, for the same error messages.
const FLAG: Record<string, string> = {
  [ACCOUNT_MODAL.blocks.account]: 'account id',
  [ACCOUNT_MODAL.blocks.token]: 'token',
  [ACCOUNT_MODAL.blocks.channel]: '--channel',
  [ACCOUNT_MODAL.blocks.approvers]: '--approvers',
  [ACCOUNT_MODAL.blocks.targetCpa]: '--target-cpa',
  [ACCOUNT_MODAL.blocks.targetRoas]: '--target-roas',
};

class UsageError extends Error {}

async function readToken(file: string | undefined): Promise<string> {
  if (file) return (await readFile(file, 'utf8')).trim();
  if (process.stdin.isTTY) process.stderr.write('Meta access token (input is not echoed by pipes; end with Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

const positive = (v: string | undefined, flag: string): number | null => {
  if (v === undefined) return null;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number`);
  return n;
};

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        workspace: { type: 'string' },
        channel: { type: 'string' },
        approvers: { type: 'string' },
        'target-cpa': { type: 'string' },
        'target-roas': { type: 'string' },
        'token-file': { type: 'string' },
        actor: { type: 'string' },
      },
    });
  } catch (error) {
    const hint = argv.some((a) => a.startsWith('--token') && !a.startsWith('--token-file'))
      ? ' (a token is never taken from the command line: pipe it on stdin or use --token-file)'
      : '';
    throw new UsageError(`${(error as Error).message}${hint}`);
  }
}

async function main(): Promise<void> {
  const { values: o, positionals } = parse(process.argv.slice(2));
  const [sub, accountId] = positionals;
  if (!sub || !['add', 'list', 'remove'].includes(sub)) throw new UsageError('expected add, list or remove');
  const config = loadConfig();
  await migrate(config.DATABASE_URL);
  const pool = await createDb(config.DATABASE_URL);
  try {
    if (sub === 'list') return await list(pool, o.workspace);
    if (!accountId) throw new UsageError(`${sub} needs an account id (act_…)`);
    const { connection, client: temporal } = await connectClient(config);
    try {
      if (sub === 'remove') {
        const account = await getAdAccount(pool, accountId);
        const who = { teamId: account?.workspace_id ?? '', userId: `operator:${o.actor ?? 'cli'}` };
        console.log(await disconnectAccount(pool, temporal, who, accountId));
        return;
      }
      if (!o.workspace) throw new UsageError('add needs --workspace (the Slack team id, T…)');
      const form: AccountForm = {
        mode: 'connect',
        accountId,
        token: await readToken(o['token-file']),
        channelId: o.channel ?? '',
        approverUserIds: (o.approvers ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        targetCpa: positive(o['target-cpa'], '--target-cpa'),
        targetRoas: positive(o['target-roas'], '--target-roas'),
      };
      const who = { teamId: o.workspace, userId: `operator:${o.actor ?? 'cli'}`, operator: true };
      const vault = createVault(config.ADPILOT_ENCRYPTION_KEYS);
      const shape = checkAccountFormShape(form);
      if (!vault.canEncrypt) shape[ACCOUNT_MODAL.blocks.token] = 'set ADPILOT_ENCRYPTION_KEYS first';
      const slack = config.SLACK_BOT_TOKEN
        ? new WebClient(config.SLACK_BOT_TOKEN, config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {})
        : undefined;
      const metaBaseUrl = `${config.META_GRAPH_URL}/${config.META_API_VERSION}`;
      const checked = await checkAccountForm(
        { config, db: pool, metaBaseUrl, ...(slack ? { client: slack } : {}) },
        who,
        form,
        shape,
      );
      const problems = Object.entries(checked.errors);
      if (problems.length) {
        for (const [field, message] of problems) console.error(`${FLAG[field] ?? field}: ${message}`);
        process.exitCode = 1;
        return;
      }
      if (!slack)
        console.error('note: SLACK_BOT_TOKEN is not set, so whether the bot is in the channel was not checked');
      const { account } = await saveAccount(pool, vault, who, form, checked);
      await scheduleAccount(temporal, config, account.id, { firstCollection: true });
      console.log(`connected ${account.name} (${account.id}) to ${form.channelId}; first collection started`);
    } finally {
      await connection.close();
    }
  } finally {
    await pool.end();
  }
}

async function list(pool: Awaited<ReturnType<typeof createDb>>, workspace: string | undefined): Promise<void> {
  const rows = await pool.any(
    sql.type(
      z.object({
        id: z.string(),
        workspace_id: z.string(),
        name: z.string(),
        status: z.string(),
        slack_channel_id: z.string().nullable(),
        token_last4: z.string().nullable(),
        token_key_id: z.string().nullable(),
      }),
    )`SELECT id, workspace_id, name, status, slack_channel_id, token_last4, token_key_id FROM ad_account
      ${workspace ? sql.fragment`WHERE workspace_id = ${workspace}` : sql.fragment``} ORDER BY workspace_id, id`,
  );
  for (const r of rows)
    console.log(
      [
        r.id,
        r.workspace_id,
        r.status,
        r.slack_channel_id ?? '-',
        r.token_last4 ? `•••• ${r.token_last4} (key ${r.token_key_id})` : 'no own token',
        r.name,
      ].join('\t'),
    );
}

main().catch((error: unknown) => {
  console.error(
    error instanceof UsageError
      ? `adpilot accounts: ${error.message}\n${USAGE}`
      : `adpilot accounts: ${(error as Error).message}`,
  );
  process.exit(error instanceof UsageError ? 2 : 1);
});
