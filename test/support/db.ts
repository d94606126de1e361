import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql, type DatabasePool } from 'slonik';
import { createDb } from '../../src/db/pool.ts';

export interface TestDatabase {
  url: string;
  pool: DatabasePool;
  /** Ends the pool and drops the database. */
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TEST_ADMIN_DATABASE_URL;
  if (!url)
    throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (test/support/global-setup.ts)');
  return url;
}

/** A private database cloned from the migrated template (tens of milliseconds), for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `adpilot_t_${process.env.JEST_WORKER_ID ?? '0'}_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE adpilot_template`);
  } finally {
    await admin.end();
  }
  const url = adminUrl().replace(/\/[^/]*$/, `/${name}`);
  const pool = await createDb(url);
  // Proposal ids name their workflows (proposal-<id>) on the Temporal server that every test file shares: start each
  // database's ids at a random offset, so two files' proposal #1 never collide there.
  const offset = 1 + Math.floor(Math.random() * 1_000_000) * 1_000;
  await pool.query(sql.unsafe`SELECT setval(pg_get_serial_sequence('intel_automation_action', 'id'), ${offset})`);
  return {
    url,
    pool,
    async drop() {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
