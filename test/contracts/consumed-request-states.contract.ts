import type { ConsumedRequestStates } from '../../src/application/ports/consumed-request-states.js';

/** An empty record of used states. */
export type ConsumedRequestStatesFactory = () =>
  Promise<ConsumedRequestStates> | ConsumedRequestStates;

const NOW = 1_767_225_600_000;
const TTL = 600_000;

/**
 * What every ConsumedRequestStates adapter must show: a state is consumed once, by exactly one of
 * many callers racing for it, and forgotten only once it has expired.
 */
export function describeConsumedRequestStatesContract(
  adapterName: string,
  makeRecord: ConsumedRequestStatesFactory,
): void {
  describe(`ConsumedRequestStates contract: ${adapterName}`, () => {
    it('consumes a state the first time, never again', async () => {
      const record = await makeRecord();
      expect(await record.consume('state-a', NOW + TTL)).toBe(true);
      expect(await record.consume('state-a', NOW + TTL)).toBe(false);
      expect(await record.consume('state-b', NOW + TTL)).toBe(true);
    });

    it('lets exactly one of many concurrent consumers of one state have it', async () => {
      const record = await makeRecord();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () => record.consume('raced', NOW + TTL)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('tells ids apart exactly: no case folding, no prefix matching', async () => {
      const record = await makeRecord();
      expect(await record.consume('AbC', NOW + TTL)).toBe(true);
      expect(await record.consume('abc', NOW + TTL)).toBe(true);
      expect(await record.consume('AbC-', NOW + TTL)).toBe(true);
      expect(await record.consume('AbC', NOW + TTL)).toBe(false);
    });

    it('forgets only the states that expired before the time given', async () => {
      const record = await makeRecord();
      await record.consume('early', NOW + 1000);
      await record.consume('on-time', NOW + 2000);
      await record.consume('late', NOW + 3000);
      expect(await record.forgetExpired(NOW + 2000)).toBe(1);
      // Still known: using them again is refused.
      expect(await record.consume('on-time', NOW + 2000)).toBe(false);
      expect(await record.consume('late', NOW + 3000)).toBe(false);
      expect(await record.forgetExpired(NOW + 2000)).toBe(0);
      expect(await record.forgetExpired(NOW + 10_000)).toBe(2);
    });
  });
}
