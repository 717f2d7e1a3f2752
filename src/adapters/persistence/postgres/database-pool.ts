import pg from 'pg';
import type { Logger } from '../../../application/ports/logger.js';
import { messageOf } from '../../../application/shared/errors.js';

/** The PostgreSQL connection pool (pg.Pool), with the postgres store only. */
export const DATABASE_POOL = Symbol('DatabasePool');

/** Where the database is and how the pool connects to it (DatabasePoolOptions). */
export const DATABASE_POOL_OPTIONS = Symbol('DatabasePoolOptions');

export interface DatabasePoolOptions {
  /** A postgres:// URL; unset, pg reads the standard PG* variables (PGHOST, PGUSER, ...). */
  readonly url?: string;
  readonly maxConnections: number;
  /** Bounds every statement, on the server and in the client, so a lost database never hangs. */
  readonly statementTimeoutMs: number;
  readonly applicationName: string;
}

/**
 * TCP keepalive after this much silence: the listening connection is idle by design, and without
 * probes a database host that vanished without closing it would go unnoticed for hours.
 */
const KEEPALIVE_DELAY_MS = 10_000;

// int8 (counts, epoch milliseconds) as numbers: every value we store fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

/**
 * A connection pool with every wait bounded: getting a connection, and each statement, give up
 * after the statement timeout, so a database that goes away turns into errors, not hung requests.
 * An idle connection that dies is dropped (and replaced on demand), with a warning, instead of
 * crashing the process.
 */
export function createDatabasePool(options: DatabasePoolOptions, logger: Logger): pg.Pool {
  const pool = new pg.Pool({
    ...clientConfig(options),
    max: options.maxConnections,
    query_timeout: options.statementTimeoutMs + 1000,
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', (error) =>
    logger.warn('an idle database connection failed', { error: messageOf(error) }),
  );
  return pool;
}

/** The settings of every connection: the pool's, and the one dedicated to LISTEN. */
export function clientConfig(options: DatabasePoolOptions): pg.ClientConfig {
  return {
    ...(options.url === undefined ? {} : { connectionString: options.url }),
    connectionTimeoutMillis: options.statementTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    application_name: options.applicationName,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_DELAY_MS,
  };
}
