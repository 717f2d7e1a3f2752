import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { SECRET_BYTES } from '../../crypto/server-secret.js';
import { namedQuery } from './database-errors.js';

const SQL = {
  create: `INSERT INTO task_mcp_secrets (name, secret, created_at) VALUES ('server', $1, $2)
           ON CONFLICT (name) DO NOTHING`,
  read: `SELECT secret FROM task_mcp_secrets WHERE name = 'server'`,
};

/**
 * The deployment's server secret, kept in the database so that every replica, and every restart,
 * uses the same one. The first replica to ask writes a random one; a concurrent first writer
 * loses quietly and reads the winner's.
 */
export async function loadServerSecret(pool: pg.Pool, now: number): Promise<Buffer> {
  await namedQuery(pool, 'task_mcp_secret_create', SQL.create, [randomBytes(SECRET_BYTES), now]);
  const { rows } = await namedQuery<{ secret: Buffer }>(pool, 'task_mcp_secret_read', SQL.read, []);
  const secret = rows[0]?.secret;
  if (!secret) throw new Error('the server secret could not be read back from the database');
  return secret;
}
