import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

/** Raised when the schema and the migrations disagree; its message says what to do. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Serialises migrations across replicas (any constant; 'tmcp' in ASCII). */
const MIGRATION_LOCK = 1953326960;

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS task_mcp_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** The versioned SQL files of `directory` (NNNN_name.sql), in version order. */
export function readMigrations(directory: string): Migration[] {
  const migrations = readdirSync(directory)
    .filter((file) => FILE_NAME.test(file))
    .map((file) => {
      const [, version, name] = FILE_NAME.exec(file)!;
      const sql = readFileSync(join(directory, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      return { version: Number(version), name: name!, sql, checksum };
    })
    .sort((a, b) => a.version - b.version);
  if (migrations.length === 0) throw new MigrationError(`No migrations found in ${directory}`);
  return migrations;
}

/**
 * Applies every pending migration in one transaction under an advisory lock, so replicas starting
 * together migrate once (the others wait, then find nothing to do). Returns the versions applied.
 */
export async function applyMigrations(
  pool: pg.Pool,
  migrations: readonly Migration[],
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(CREATE_LEDGER);
    const pending = planFrom(migrations, await appliedIn(client));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query(
        'INSERT INTO task_mcp_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migration.checksum],
      );
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.version);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The migrations not yet applied, without changing anything. */
export async function pendingMigrations(
  pool: pg.Pool,
  migrations: readonly Migration[],
): Promise<Migration[]> {
  const { rows } = await pool.query<{ present: boolean }>(
    "SELECT to_regclass('task_mcp_migrations') IS NOT NULL AS present",
  );
  if (!rows[0]?.present) return [...migrations];
  return planFrom(migrations, await appliedIn(pool));
}

interface AppliedRow {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

async function appliedIn(db: pg.Pool | pg.PoolClient): Promise<AppliedRow[]> {
  const { rows } = await db.query<AppliedRow>(
    'SELECT version, name, checksum FROM task_mcp_migrations ORDER BY version',
  );
  return rows;
}

/** What is left to apply; refuses a database changed behind our back or newer than this code. */
function planFrom(migrations: readonly Migration[], applied: readonly AppliedRow[]): Migration[] {
  const known = new Map(migrations.map((migration) => [migration.version, migration]));
  for (const row of applied) {
    const migration = known.get(row.version);
    if (!migration) {
      throw new MigrationError(
        `The database has schema version ${row.version} (${row.name}), newer than this task-mcp knows (up to ${migrations.at(-1)!.version}); run a task-mcp at least as new as the one that migrated it`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new MigrationError(
        `Migration ${pad(row.version)}_${row.name} was changed after it was applied to this database; restore the original file`,
      );
    }
  }
  const done = new Set(applied.map((row) => row.version));
  return migrations.filter((migration) => !done.has(migration.version));
}

function pad(version: number): string {
  return String(version).padStart(4, '0');
}
