import { inject, injectable } from 'inversify';
import type pg from 'pg';
import { CLOCK, type Clock } from '../../../application/ports/clock.js';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import { TASK_EVENTS } from '../../../application/ports/task-events.js';
import { LeaseKeeper } from '../../../application/services/lease-keeper.js';
import type { PostgresTaskEvents } from './postgres-task-events.js';
import { SERVER_SECRET, type ServerSecret } from '../../crypto/server-secret.js';
import { DATABASE_POOL } from './database-pool.js';
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

export interface PostgresStoreSettings {
  /** For the banner and `task-mcp check`: the database (password hidden) and the replica. */
  readonly description: string;
  /** Apply pending migrations at start (TASK_MCP_DATABASE_MIGRATE), else refuse to start. */
  readonly migrateAtStart: boolean;
  /** The folder of the bundled SQL migrations (the package's migrations/). */
  readonly migrationsDir: string;
}

/** How the PostgreSQL store starts (PostgresStoreSettings). */
export const POSTGRES_STORE_SETTINGS = Symbol('PostgresStoreSettings');

/**
 * The PostgreSQL store's start and stop. Opening migrates (or, with TASK_MCP_DATABASE_MIGRATE=false,
 * refuses an unmigrated database), loads the deployment's shared secret, starts listening for other replicas' task changes, and runs
 * the first lease round, which ends what an earlier life of this replica left running. Closing
 * undoes it in reverse and ends the pool.
 */
@injectable()
export class PostgresStoreRuntime implements StoreRuntime {
  readonly description: string;

  constructor(
    @inject(POSTGRES_STORE_SETTINGS) private readonly settings: PostgresStoreSettings,
    @inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @inject(TASK_EVENTS) private readonly events: PostgresTaskEvents,
    @inject(LeaseKeeper) private readonly keeper: LeaseKeeper,
    @inject(SERVER_SECRET) private readonly secret: ServerSecret,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
  ) {
    this.description = settings.description;
  }

  async open(): Promise<void> {
    await this.guard(async () => {
      if (this.settings.migrateAtStart) await this.migrate();
      else await this.refuseUnmigrated();
      this.secret.use(await loadServerSecret(this.pool, this.clock.now()));
      await this.events.start();
    });
    this.logger.info('task store ready', { store: this.description });
    await this.keeper.start();
  }

  /** Applies pending migrations (`task-mcp migrate`, or at start-up); returns their names. */
  async migrate(): Promise<string[]> {
    return this.guard(async () => {
      const migrations = readMigrations(this.settings.migrationsDir);
      const applied = await applyMigrations(this.pool, migrations);
      const names = migrations.filter((m) => applied.includes(m.version)).map(fileNameOf);
      if (names.length > 0) this.logger.info('database migrated', { applied: names.join(', ') });
      return names;
    });
  }

  async reachable(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.keeper.stop();
    await this.events.close();
    await this.pool.end();
  }

  private async refuseUnmigrated(): Promise<void> {
    const pending = await pendingMigrations(this.pool, readMigrations(this.settings.migrationsDir));
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
