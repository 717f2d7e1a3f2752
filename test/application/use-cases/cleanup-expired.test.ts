import { TaskNotFoundError } from '../../../src/domain/index.js';
import { CONSUMED_STATE_GRACE_MS } from '../../../src/application/use-cases/cleanup-expired.js';
import { flushAsync } from '../../support/fake-clock.js';
import { text } from '../../support/test-tools.js';
import { alice, useCaseWorld as world } from '../../support/use-case-world.js';

describe('CleanupExpired', () => {
  it('fails running work at its ttl, aborts it, flags it, then cleanup removes it', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 5000 });
    await w.gate.started();
    w.clock.advance(4999);
    await flushAsync();
    expect((await w.get.run(alice, task.id)).expired).toBe(false);
    w.clock.advance(1);
    await flushAsync();
    const view = await w.get.run(alice, task.id);
    expect(view.expired).toBe(true);
    expect(view.task.status).toBe('failed');
    expect(view.task.statusMessage).toMatch(/ttl of 5000 ms ran out/);
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('expired');
    expect(await w.cleanup.run()).toBe(1);
    await expect(w.get.run(alice, task.id)).rejects.toThrow(TaskNotFoundError);
  });

  it('keeps a finished task readable, flagged as expired, until cleanup', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 1000 });
    await w.gate.started();
    w.gate.runs[0]!.release(text('ok'));
    await w.result.run(alice, task.id);
    w.clock.advance(2000);
    const view = await w.get.run(alice, task.id);
    expect(view).toMatchObject({ expired: true, task: { status: 'completed' } });
    expect((await w.result.run(alice, task.id)).result).toEqual(text('ok'));
    await w.cleanup.run();
    await expect(w.result.run(alice, task.id)).rejects.toThrow(TaskNotFoundError);
  });

  it('fails a still-running expired task before deleting it, so its waiters are answered', async () => {
    const w = world();
    const task = await w.create.run(alice, { toolName: 'gate', arguments: {}, ttl: 1000 });
    await w.gate.started();
    const waiter = w.result.run(alice, task.id);
    // Move time past the ttl without firing timers: cleanup gets there first.
    w.clock.jump(1000);
    expect(await w.cleanup.run()).toBe(1);
    const outcome = await waiter;
    expect(outcome.task.status).toBe('failed');
    expect(outcome.task.statusMessage).toMatch(/ttl of 1000 ms ran out/);
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('expired');
  });

  it('forgets used requestStates a grace period after they expired, not before', async () => {
    const w = world();
    const expiresAt = w.clock.now() + 1000;
    expect(await w.consumedStates.consume('state-1', expiresAt)).toBe(true);
    w.clock.advance(1000 + CONSUMED_STATE_GRACE_MS);
    await w.cleanup.run();
    // A replica whose clock lags may still take it for unexpired: it must still find it used.
    expect(await w.consumedStates.consume('state-1', expiresAt)).toBe(false);
    w.clock.advance(1);
    await w.cleanup.run();
    expect(await w.consumedStates.consume('state-1', expiresAt)).toBe(true);
  });
});
