import { injectable } from 'inversify';
import { isHeldBy, type Lock, type LockHolder } from '../../../domain/index.js';
import type { LockStore } from '../../../application/ports/lock-store.js';

/**
 * Locks of one process, in a Map. Every method does its check and its write in one synchronous
 * step, which is what makes them atomic on Node's single thread.
 */
@injectable()
export class InMemoryLockStore implements LockStore {
  private readonly locks = new Map<string, Lock>();

  tryAcquire(lock: Lock): Promise<Lock | undefined> {
    const held = this.locks.get(lock.key);
    if (held) return Promise.resolve(held);
    this.locks.set(lock.key, lock);
    return Promise.resolve(undefined);
  }

  reclaim(stale: Lock, next: Lock): Promise<boolean> {
    if (stale.key !== next.key) return Promise.reject(new Error('reclaim needs one key'));
    const held = this.locks.get(stale.key);
    const unchanged =
      held !== undefined && isHeldBy(held, stale.holder) && held.acquiredAt === stale.acquiredAt;
    if (unchanged) this.locks.set(next.key, next);
    return Promise.resolve(unchanged);
  }

  release(key: string, holder: LockHolder): Promise<boolean> {
    const held = this.locks.get(key);
    if (!held || !isHeldBy(held, holder)) return Promise.resolve(false);
    this.locks.delete(key);
    return Promise.resolve(true);
  }

  get(key: string): Promise<Lock | undefined> {
    return Promise.resolve(this.locks.get(key));
  }
}
