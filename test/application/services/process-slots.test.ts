import 'reflect-metadata';
import { DEFAULT_TASK_POLICY } from '../../../src/application/policy/task-policy.js';
import { ProcessSlots, releaseAll } from '../../../src/application/services/process-slots.js';
import { ServerBusyError } from '../../../src/application/shared/errors.js';

const slotsOf = (maxJobProcesses: number) =>
  new ProcessSlots({ ...DEFAULT_TASK_POLICY, maxJobProcesses });

describe('ProcessSlots', () => {
  it('hands out slots up to the cap, then refuses at once, naming the cap', () => {
    const slots = slotsOf(2);
    slots.take();
    slots.take();
    expect(slots.inUse).toBe(2);
    expect(() => slots.take()).toThrow(ServerBusyError);
    expect(() => slots.take()).toThrow('all 2 job process slots are in use');
    expect(slots.inUse).toBe(2);
  });

  it('frees a slot on release, once however often it is released', () => {
    const slots = slotsOf(2);
    const first = slots.take();
    slots.take();
    first.release();
    first.release();
    expect(slots.inUse).toBe(1);
    slots.take();
    expect(() => slots.take()).toThrow(ServerBusyError);
  });
});

describe('releaseAll', () => {
  it('releases every hold even when one of them fails', async () => {
    const released: string[] = [];
    await releaseAll([
      { release: () => void released.push('slot') },
      {
        release: async () => {
          throw new Error('lock store down');
        },
      },
      { release: async () => void released.push('lock') },
    ]);
    expect(released.sort()).toEqual(['lock', 'slot']);
  });
});
