import { TaskRequiredError } from '../../../src/application/shared/errors.js';
import { flushAsync } from '../../support/fake-clock.js';
import { text } from '../../support/test-tools.js';
import { alice, useCaseWorld as world } from '../../support/use-case-world.js';

describe('RunToolNow', () => {
  it('runs an optional tool inline and refuses a required one', async () => {
    const w = world();
    const pending = w.runNow.run(alice, 'gate', {});
    await w.gate.started();
    w.gate.runs[0]!.release(text('inline'));
    expect((await pending).result).toEqual(text('inline'));
    await expect(w.runNow.run(alice, 'gate_required', {})).rejects.toThrow(TaskRequiredError);
    expect(w.required.runs).toHaveLength(0);
  });

  it('cancels the task when an inline caller gives up', async () => {
    const w = world();
    const controller = new AbortController();
    const pending = w.runNow.run(alice, 'gate', {}, { signal: controller.signal });
    await w.gate.started();
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
    await flushAsync();
    expect(w.gate.runs[0]!.ctx.signal.reason).toBe('cancelled');
  });
});
