import type pg from 'pg';
import { StoreUnavailableError } from '../../../application/shared/errors.js';

/**
 * SQLSTATE classes that mean "the database cannot serve right now" rather than "this query is
 * wrong": connection exceptions (08), insufficient resources (53), operator intervention (57,
 * which includes statement timeouts and a server shutting down), and system errors (58).
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

/** Node socket errors seen when the server is down, unreachable or drops the connection. */
const UNAVAILABLE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg's own messages for a connection that timed out, ended, or was never made. */
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /Query read timeout/i,
  /Client has encountered a connection error/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (UNAVAILABLE_NODE_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && UNAVAILABLE_CLASSES.has(code.slice(0, 2))) return true;
  }
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/**
 * Runs a database call, turning "the database is away" failures into StoreUnavailableError (a
 * clear, retryable error for the client). Any other error is a bug or a refusal and goes through.
 */
async function whileAvailable<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new StoreUnavailableError(error as Error);
    throw error;
  }
}

/**
 * A named (so prepared once per connection) statement on the pool, with "the database is away"
 * failures turned into StoreUnavailableError.
 */
export function namedQuery<R extends pg.QueryResultRow>(
  pool: pg.Pool,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<pg.QueryResult<R>> {
  return whileAvailable(() => pool.query<R>({ name, text, values: [...values] }));
}
