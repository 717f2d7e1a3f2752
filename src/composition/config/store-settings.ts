import { z } from 'zod';
import { isDatabaseUrl } from '../../adapters/persistence/postgres/database-url.js';
import { flag, integer } from './config-values.js';

/*
 * The store part of the configuration contract: which store holds tasks, and for PostgreSQL how
 * to reach it and how replicas sharing it hold their running tasks.
 */

export const STORE_SETTINGS = {
  TASK_MCP_STORE: z
    .enum(['memory', 'postgres'], { error: "'memory' or 'postgres'" })
    .default('memory'),
  TASK_MCP_DATABASE_URL: z
    .string()
    .trim()
    .refine(isDatabaseUrl, { error: 'a postgres:// URL, e.g. postgres://user:pass@host:5432/db' })
    .optional(),
  TASK_MCP_DATABASE_POOL_SIZE: integer(1, 1000).default(10),
  TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: integer(100, 600_000).default(5000),
  TASK_MCP_DATABASE_MIGRATE: flag.default(true),
  TASK_MCP_LEASE_MS: integer(1000, 3_600_000).default(30_000),
  TASK_MCP_REPLICA_NAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, {
      error: "1-128 of letters, digits and '.', '_', ':', '-'",
    })
    .optional(),
};

/** Settings whose value may hold a secret: an error about them never repeats the value. */
export const SECRET_SETTINGS: ReadonlySet<string> = new Set([
  'TASK_MCP_DATABASE_URL',
  'TASK_MCP_METRICS_TOKEN',
]);
