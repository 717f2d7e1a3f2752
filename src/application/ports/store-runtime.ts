/**
 * The store's own start and stop, around serving: a database store connects and migrates before
 * the first request and disconnects after the last; the in-memory store has nothing to do.
 */
export interface StoreRuntime {
  /** For the banner and `task-mcp check`, e.g. "memory" or "postgres (postgres://...)". */
  readonly description: string;
  /** Makes the store ready; rejects with one line (no password) when it cannot be. */
  open(): Promise<void>;
  close(): Promise<void>;
  /** Applies pending schema migrations and returns their names; only a database store has any. */
  migrate?(): Promise<string[]>;
  /** Whether the store answers now (for /ready); a store in this process always does. */
  reachable?(): Promise<boolean>;
}

/** How the store starts and stops around serving (StoreRuntime). */
export const STORE_RUNTIME = Symbol('StoreRuntime');
