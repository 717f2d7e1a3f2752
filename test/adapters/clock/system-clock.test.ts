import { jest } from '@jest/globals';
import { SystemClock } from '../../../src/adapters/clock/system-clock.js';

describe('SystemClock', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('fires a timer after its delay and not before', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    new SystemClock().setTimer(1000, fired);
    jest.advanceTimersByTime(999);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('waits the whole delay even beyond what setTimeout can hold (a 30-day ttl)', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    const thirtyDays = 30 * 86_400_000;
    new SystemClock().setTimer(thirtyDays, fired);
    jest.advanceTimersByTime(2_147_483_647);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(thirtyDays - 2_147_483_647);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled, also after re-arming', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    const cancel = new SystemClock().setTimer(3_000_000_000, fired);
    jest.advanceTimersByTime(2_500_000_000);
    cancel();
    jest.advanceTimersByTime(1_000_000_000);
    expect(fired).not.toHaveBeenCalled();
  });
});
