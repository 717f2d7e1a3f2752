import { settlesWithin } from '../../../src/application/shared/settles-within.js';

describe('settlesWithin', () => {
  it('is true for a promise that resolves or rejects within the bound', async () => {
    expect(await settlesWithin(Promise.resolve('done'), 1000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('failed')), 1000)).toBe(true);
  });

  it('is false for a promise still pending when the bound runs out', async () => {
    expect(await settlesWithin(new Promise(() => undefined), 10)).toBe(false);
  });

  it('answers as soon as the promise settles, not when the bound runs out', async () => {
    const started = Date.now();
    const soon = new Promise((resolve) => setTimeout(resolve, 5));
    expect(await settlesWithin(soon, 60_000)).toBe(true);
    // Jest would also report the 60 s timer as an open handle had it not been cleared.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
