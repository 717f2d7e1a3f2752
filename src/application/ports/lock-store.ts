import type { Lock, LockHolder } from '../../domain/index.js';

/**
 * Where locks live. Each method is atomic on its own: two concurrent `tryAcquire` calls for one
 * key never both succeed. The in-memory adapter serves one process; a durable one (later) lets
 * several replicas share locks with the same contract.
 */
export interface LockStore {
  /** Stores `lock` if its key is free and returns undefined; otherwise returns the lock holding it. */
  tryAcquire(lock: Lock): Promise<Lock | undefined>;

  /**
   * Compare-and-set: replaces `stale` by `next` (same key) only if `stale` still holds the key,
   * unchanged. False when somebody else got there first.
   */
  reclaim(stale: Lock, next: Lock): Promise<boolean>;

  /** Removes the lock on `key` if `holder` holds it. False, and nothing changes, otherwise. */
  release(key: string, holder: LockHolder): Promise<boolean>;

  /** The lock on `key`, if any. */
  get(key: string): Promise<Lock | undefined>;
}

export const LOCK_STORE = Symbol('LockStore');
