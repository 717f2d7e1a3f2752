import 'reflect-metadata';
import { jest } from '@jest/globals';
import type { IdentityProvider } from '../../src/application/ports/identity-provider.js';
import type { Logger } from '../../src/application/ports/logger.js';
import type { CleanupExpired } from '../../src/application/use-cases/cleanup-expired.js';
import type { StreamableEndpoint } from '../../src/adapters/http/streamable/streamable-endpoint.js';
import { loadConfig } from '../../src/composition/config/load-config.js';
import { Sweeper } from '../../src/composition/sweeper.js';

const CONFIG = loadConfig({
  TASK_MCP_CLEANUP_INTERVAL_MS: '1000',
  TASK_MCP_SESSION_IDLE_MS: '60000',
});

/** A sweeper whose chores are recorders; `failing` chores reject. */
function world(failing: ('cleanup' | 'sessions')[] = [], endpoint = true) {
  const chores: string[] = [];
  const logged: [string, string, unknown][] = [];
  const log = (level: string) => (message: string, fields?: unknown) =>
    void logged.push([level, message, fields]);
  const logger: Logger = {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
  const cleanup = {
    run: async () => {
      chores.push('cleanup');
      if (failing.includes('cleanup')) throw new Error('store down');
      return 0;
    },
  } as unknown as CleanupExpired;
  const sessions = {
    closeIdleSessions: (idleMs: number) => {
      chores.push(`sessions idle ${idleMs} ms`);
      if (failing.includes('sessions')) throw new Error('stream stuck');
      return 0;
    },
  } as unknown as StreamableEndpoint;
  const identity = {
    anonymous: false,
    authenticate: async () => {
      throw new Error('unused');
    },
    stats: () => ({ tokenCacheHits: 7 }),
  } as IdentityProvider;
  const sweeper = new Sweeper(CONFIG, cleanup, identity, logger, endpoint ? sessions : undefined);
  return { sweeper, chores, logged };
}

describe('Sweeper', () => {
  it('deletes expired tasks, closes idle sessions and logs the auth counters', async () => {
    const w = world();
    await w.sweeper.sweep();
    expect(w.chores).toEqual(['cleanup', 'sessions idle 60000 ms']);
    expect(w.logged).toEqual([['debug', 'authentication counters', { tokenCacheHits: 7 }]]);
  });

  it('has no sessions to close on stdio', async () => {
    const w = world([], false);
    await w.sweeper.sweep();
    expect(w.chores).toEqual(['cleanup']);
  });

  it('logs a chore that fails and still does the others', async () => {
    const w = world(['cleanup', 'sessions']);
    await expect(w.sweeper.sweep()).resolves.toBeUndefined();
    expect(w.chores).toEqual(['cleanup', 'sessions idle 60000 ms']);
    expect(w.logged.filter(([level]) => level === 'error')).toEqual([
      ['error', 'cleanup failed', { error: 'store down' }],
      ['error', 'closing idle sessions failed', { error: 'stream stuck' }],
    ]);
  });

  describe('on its interval', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('sweeps every TASK_MCP_CLEANUP_INTERVAL_MS once started, once however often started, until stopped', () => {
      const w = world([], false);
      w.sweeper.start();
      w.sweeper.start();
      jest.advanceTimersByTime(999);
      expect(w.chores).toEqual([]);
      jest.advanceTimersByTime(2001);
      expect(w.chores).toEqual(['cleanup', 'cleanup', 'cleanup']);
      w.sweeper.stop();
      jest.advanceTimersByTime(10_000);
      expect(w.chores).toHaveLength(3);
    });
  });
});
