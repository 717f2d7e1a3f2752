import { InMemoryConsumedRequestStates } from '../../../../src/adapters/persistence/memory/in-memory-consumed-request-states.js';
import {
  DEFAULT_DIALOGUE_POLICY,
  type DialoguePolicy,
} from '../../../../src/application/policy/dialogue-policy.js';
import { ServerBusyError } from '../../../../src/application/shared/errors.js';
import { describeConsumedRequestStatesContract } from '../../../contracts/consumed-request-states.contract.js';
import { FakeClock } from '../../../support/fake-clock.js';

const capped = (max: number): DialoguePolicy => ({
  ...DEFAULT_DIALOGUE_POLICY,
  maxConsumedStatesInMemory: max,
});

describeConsumedRequestStatesContract(
  'InMemoryConsumedRequestStates',
  () => new InMemoryConsumedRequestStates(new FakeClock(), DEFAULT_DIALOGUE_POLICY),
);

describe('InMemoryConsumedRequestStates: bounded', () => {
  it('makes room past its cap by forgetting expired states first', async () => {
    const clock = new FakeClock();
    const record = new InMemoryConsumedRequestStates(clock, capped(2));
    await record.consume('a', clock.now() + 1000);
    await record.consume('b', clock.now() + 5000);
    clock.advance(2000);
    expect(await record.consume('c', clock.now() + 1000)).toBe(true);
    // 'b' was kept (not expired), 'a' forgotten to make room.
    expect(await record.consume('b', clock.now() + 5000)).toBe(false);
  });

  it('refuses, marking nothing, when full of states that have not expired', async () => {
    const clock = new FakeClock();
    const record = new InMemoryConsumedRequestStates(clock, capped(2));
    await record.consume('a', clock.now() + 1000);
    await record.consume('b', clock.now() + 1000);
    await expect(record.consume('c', clock.now() + 1000)).rejects.toThrow(ServerBusyError);
    await expect(record.consume('c', clock.now() + 1000)).rejects.toThrow(
      'The server is busy: too many multi round-trip requests are in progress',
    );
    clock.advance(1001);
    expect(await record.consume('c', clock.now() + 1000)).toBe(true);
  });
});
