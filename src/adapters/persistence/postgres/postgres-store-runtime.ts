import type pg from 'pg';
import type { Clock } from '../../../application/ports/clock.js';
import type { Logger } from '../../../application/ports/logger.js';
import type { LeaseKeeper } from '../../../application/services/lease-keeper.js';
import type { PostgresTaskEvents } from './postgres-task-events.js';
import type { ServerSecret } from '../../crypto/server-secret.js';
import { loadServerSecret } from './shared-secret.js';
import { describeDatabaseError } from './describe-database-error.js';
import {
  applyMigrations,
  MigrationError,
  pendingMigrations,
  readMigrations,
  type Migration,
} from './migrations.js';
import type { StoreRuntime } from '../../../application/ports/store-runtime.js';

/** Start-up refused: the message is the one line the CLI prints. */
export class StoreStartError extends Error {}

export interface PostgresStoreParts {
  readonly pool: pg.Pool;
  readonly events: PostgresTaskEvents;
  readonly keeper: LeaseKeeper;
  readonly secret: ServerSecret;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The PostgreSQL store's start and stop. Opening migrates (or, with TASK_MCP_DATABASE_MIGRATE=false,
 * refuses an unmigrated database), loads the deployment's shared secret, starts listening for other replicas' task changes, and runs
 * the first lease round, which ends what an earlier life of this replica left running. Closing
 * undoes it in reverse and ends the pool.
 */
export class PostgresStoreRuntime implements StoreRuntime {
  constructor(
    readonly description: string,
    private readonly migrateAtStart: boolean,
    /** The folder of the bundled SQL migrations (the package's migrations/). */
    private readonly migrationsDir: string,
    private readonly parts: () => PostgresStoreParts,
  ) {}

  async open(): Promise<void> {
    const { pool, events, keeper, secret, clock, logger } = this.parts();
    await this.guard(async () => {
      if (this.migrateAtStart) await this.migrate();
      else await this.refuseUnmigrated();
      secret.use(await loadServerSecret(pool, clock.now()));
      await events.start();
    });
    logger.info('task store ready', { store: this.description });
    await keeper.start();
  }

  /** Applies pending migrations (`task-mcp migrate`, or at start-up); returns their names. */
  async migrate(): Promise<string[]> {
    const { pool, logger } = this.parts();
    return this.guard(async () => {
      const migrations = readMigrations(this.migrationsDir);
      const applied = await applyMigrations(pool, migrations);
      const names = migrations.filter((m) => applied.includes(m.version)).map(fileNameOf);
      if (names.length > 0) logger.info('database migrated', { applied: names.join(', ') });
      return names;
    });
  }

  async reachable(): Promise<boolean> {
    try {
      await this.parts().pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const { pool, events, keeper } = this.parts();
    await keeper.stop();
    await events.close();
    await pool.end();
  }

  private async refuseUnmigrated(): Promise<void> {
    const pending = await pendingMigrations(this.parts().pool, readMigrations(this.migrationsDir));
    if (pending.length > 0) {
      throw new StoreStartError(
        `the database is not migrated (pending: ${pending.map(fileNameOf).join(', ')}) and TASK_MCP_DATABASE_MIGRATE=false; run 'task-mcp migrate' first`,
      );
    }
  }

  private async guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      if (error instanceof StoreStartError || error instanceof MigrationError) throw error;
      throw new StoreStartError(
        `cannot use the database ${this.description}: ${describeDatabaseError(error)}`,
      );
    }
  }
}

function fileNameOf(migration: Migration): string {
  return `${String(migration.version).padStart(4, '0')}_${migration.name}`;
}
