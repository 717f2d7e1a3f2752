import type { LockStore } from '../../src/application/ports/lock-store.js';
import { createLock, type LockRequest, type TaskId } from '../../src/domain/index.js';
import { anOwner } from '../support/task-mother.js';

export type LockStoreFactory = () => Promise<LockStore> | LockStore;

const NOW = 1_000_000;
const BUILD: LockRequest = { name: 'build-web', scope: 'global', ttlMs: 60_000 };

/**
 * The behaviour every LockStore adapter must show: `describeLockStoreContract('MyStore', make)`.
 * Atomicity is checked by racing many acquirers for one key: exactly one may win.
 */
export function describeLockStoreContract(adapterName: string, makeStore: LockStoreFactory): void {
  describe(`LockStore contract: ${adapterName}`, () => {
    const alice = anOwner('alice');
    const bob = anOwner('bob');
    const holder = (owner = alice, task = 'task-a') => ({ owner, taskId: task as TaskId });

    it('gives a free key to the first acquirer and reports the holder to the next', async () => {
      const store = await makeStore();
      const first = createLock(BUILD, holder(), NOW);
      expect(await store.tryAcquire(first)).toBeUndefined();
      expect(await store.tryAcquire(createLock(BUILD, holder(bob, 'task-b'), NOW + 1))).toEqual(
        first,
      );
      expect(await store.get(first.key)).toEqual(first);
    });

    it('lets exactly one of many concurrent acquirers win', async () => {
      const store = await makeStore();
      const attempts = Array.from({ length: 20 }, (_, i) =>
        store.tryAcquire(createLock(BUILD, holder(alice, `task-${i}`), NOW)),
      );
      const outcomes = await Promise.all(attempts);
      expect(outcomes.filter((held) => held === undefined)).toHaveLength(1);
    });

    it('keeps owner-scoped locks of different owners apart', async () => {
      const store = await makeStore();
      const mine = createLock({ ...BUILD, scope: 'owner' }, holder(alice), NOW);
      const theirs = createLock({ ...BUILD, scope: 'owner' }, holder(bob, 'task-b'), NOW);
      expect(await store.tryAcquire(mine)).toBeUndefined();
      expect(await store.tryAcquire(theirs)).toBeUndefined();
    });

    it('releases only for the holder', async () => {
      const store = await makeStore();
      const lock = createLock(BUILD, holder(), NOW);
      await store.tryAcquire(lock);
      expect(await store.release(lock.key, holder(bob, 'task-a'))).toBe(false);
      expect(await store.release(lock.key, holder(alice, 'task-other'))).toBe(false);
      expect(await store.get(lock.key)).toEqual(lock);
      expect(await store.release(lock.key, holder())).toBe(true);
      expect(await store.get(lock.key)).toBeUndefined();
      expect(await store.release(lock.key, holder())).toBe(false);
    });

    it('reclaims by compare-and-set: only the exact stale lock is replaced, once', async () => {
      const store = await makeStore();
      const stale = createLock(BUILD, holder(), NOW);
      await store.tryAcquire(stale);
      const first = createLock(BUILD, holder(bob, 'task-b'), NOW + 5);
      const second = createLock(BUILD, holder(bob, 'task-c'), NOW + 5);
      const [a, b] = await Promise.all([store.reclaim(stale, first), store.reclaim(stale, second)]);
      expect([a, b].filter(Boolean)).toHaveLength(1);
      const now = await store.get(stale.key);
      expect([first, second]).toContainEqual(now);
      // The previous holder can no longer release what it lost.
      expect(await store.release(stale.key, holder())).toBe(false);
    });

    it('does not reclaim a key that is free', async () => {
      const store = await makeStore();
      const stale = createLock(BUILD, holder(), NOW);
      expect(await store.reclaim(stale, createLock(BUILD, holder(bob, 'b'), NOW))).toBe(false);
      expect(await store.get(stale.key)).toBeUndefined();
    });
  });
}
