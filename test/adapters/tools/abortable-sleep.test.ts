import { abortableSleep } from '../../../src/adapters/tools/abortable-sleep.js';

describe('abortableSleep', () => {
  it('resolves once the time has passed', async () => {
    const started = Date.now();
    await abortableSleep(20, new AbortController().signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('rejects at once, with the reason, when the signal has already fired', async () => {
    const controller = new AbortController();
    controller.abort('cancelled');
    await expect(abortableSleep(60_000, controller.signal)).rejects.toThrow('Stopped: cancelled');
  });

  it('rejects as soon as the signal fires, without waiting out the time', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const sleeping = abortableSleep(60_000, controller.signal);
    setTimeout(() => controller.abort('expired'), 10);
    await expect(sleeping).rejects.toThrow('Stopped: expired');
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
