import {
  createLock,
  InvalidArgumentError,
  isLockExpired,
  lockKey,
  type TaskId,
} from '../../src/domain/index.js';
import { anOwner } from '../support/task-mother.js';

const holder = { owner: anOwner('alice'), taskId: 'task-1' as TaskId };

describe('locks', () => {
  it('accepts slug names and ttls from 60 s to 24 h', () => {
    for (const ttlMs of [60_000, 3_600_000, 86_400_000]) {
      expect(createLock({ name: 'db-migrate', scope: 'global', ttlMs }, holder, 0).ttlMs).toBe(
        ttlMs,
      );
    }
  });

  it.each([59_999, 86_400_001, 0, -1, 60_000.5, Number.NaN])('refuses a ttl of %p ms', (ttlMs) => {
    expect(() => createLock({ name: 'db-migrate', scope: 'global', ttlMs }, holder, 0)).toThrow(
      InvalidArgumentError,
    );
  });

  it.each(['ab', 'Build', '-build', 'build-', '../etc', 'a/b', 'x'.repeat(65), 'a b c', ''])(
    'refuses the name %p',
    (name) => {
      expect(() => createLock({ name, scope: 'owner', ttlMs: 60_000 }, holder, 0)).toThrow(
        /not a slug/,
      );
    },
  );

  it("puts an owner-scoped lock under its owner's key and a global one under none", () => {
    const alice = anOwner('alice');
    const bob = anOwner('bob');
    expect(lockKey('build', 'owner', alice)).not.toBe(lockKey('build', 'owner', bob));
    expect(lockKey('build', 'global', alice)).toBe(lockKey('build', 'global', bob));
  });

  it('expires exactly at acquiredAt + ttl', () => {
    const lock = createLock({ name: 'build', scope: 'global', ttlMs: 60_000 }, holder, 1000);
    expect(isLockExpired(lock, 60_999)).toBe(false);
    expect(isLockExpired(lock, 61_000)).toBe(true);
  });
});
