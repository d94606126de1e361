import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/** Directory of the plain-SQL migration files, applied in file-name order. */
export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

// Any 64-bit constant works; it only has to be the same in every process that migrates this database.
const LOCK_KEY = 7_412_230_001;

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

/** Raised when an already-applied migration file was edited afterwards. */
export class MigrationChecksumError extends Error {
  override name = 'MigrationChecksumError';
}

/**
 * Applies pending `migrations/*.sql` files, forward only, each in its own transaction.
 * Runs on `pg` directly because slonik sends every query through the extended protocol, which refuses
 * multi-statement SQL. A session advisory lock makes concurrent starts safe.
 * @throws MigrationChecksumError when an applied file changed; the SQL error of a failing file otherwise.
 */
export async function migrate(databaseUrl: string, dir: string = MIGRATIONS_DIR): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migration (
      name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; sha256: string }>('SELECT name, sha256 FROM schema_migration');
    const done = new Map(rows.map((r) => [r.name, r.sha256]));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
    const applied: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(dir, file), 'utf8');
      const sha = createHash('sha256').update(text).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== sha) {
          throw new MigrationChecksumError(
            `migration ${file} was changed after it was applied; add a new file instead`,
          );
        }
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(text);
        await client.query('INSERT INTO schema_migration (name, sha256) VALUES ($1, $2)', [file, sha]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(file);
    }
    return { applied, skipped: files.length - applied.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
