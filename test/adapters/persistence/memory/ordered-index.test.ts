import { OrderedIndex } from '../../../../src/adapters/persistence/memory/ordered-index.js';

interface Entry {
  readonly at: number;
  readonly id: string;
  readonly label?: string;
}

const byPosition = (a: Entry, b: Entry): number =>
  a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const ids = (entries: readonly Entry[]): string[] => entries.map((entry) => entry.id);

describe('OrderedIndex', () => {
  it('reads keys back in order whatever order they came in', () => {
    const index = new OrderedIndex<Entry>(byPosition);
    for (const at of [5, 1, 4, 2, 3]) index.insert({ at, id: `t${at}` });
    expect(ids(index.take(undefined, 10))).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(index.size).toBe(5);
  });

  it('breaks ties on time by id', () => {
    const index = new OrderedIndex<Entry>(byPosition);
    for (const id of ['c', 'a', 'd', 'b']) index.insert({ at: 7, id });
    index.insert({ at: 6, id: 'z' });
    expect(ids(index.take(undefined, 10))).toEqual(['z', 'a', 'b', 'c', 'd']);
  });

  it('starts strictly after a position, whether or not that position is stored', () => {
    const index = new OrderedIndex<Entry>(byPosition);
    for (let at = 0; at < 10; at++) index.insert({ at, id: 'x' });
    expect(ids(index.take({ at: 3, id: 'x' }, 2)).length).toBe(2);
    expect(index.take({ at: 3, id: 'x' }, 2).map((e) => e.at)).toEqual([4, 5]);
    // Between two stored keys: a position that was deleted, or never there.
    expect(index.take({ at: 3, id: 'y' }, 1).map((e) => e.at)).toEqual([4]);
    expect(index.take({ at: 9, id: 'x' }, 5)).toEqual([]);
  });

  it('deletes only the key that compares equal, and says whether it found one', () => {
    const index = new OrderedIndex<Entry>(byPosition);
    for (const id of ['a', 'b', 'c']) index.insert({ at: 1, id });
    expect(index.delete({ at: 1, id: 'b' })).toBe(true);
    expect(index.delete({ at: 1, id: 'b' })).toBe(false);
    expect(index.delete({ at: 2, id: 'a' })).toBe(false);
    expect(ids(index.take(undefined, 10))).toEqual(['a', 'c']);
    expect(index.size).toBe(2);
  });

  it('replaces an equal key in place instead of adding a second', () => {
    const index = new OrderedIndex<Entry>(byPosition);
    index.insert({ at: 1, id: 'a', label: 'old' });
    index.insert({ at: 1, id: 'a', label: 'new' });
    expect(index.size).toBe(1);
    expect(index.first()?.label).toBe('new');
  });

  it('takes keys off the front in order, and is empty after the last', () => {
    const index = new OrderedIndex<Entry>(byPosition);
    for (const at of [3, 1, 2]) index.insert({ at, id: 'k' });
    expect([index.shift()?.at, index.shift()?.at, index.shift()?.at]).toEqual([1, 2, 3]);
    expect(index.shift()).toBeUndefined();
    expect(index.first()).toBeUndefined();
    expect(index.size).toBe(0);
    index.insert({ at: 9, id: 'k' });
    expect(ids(index.take(undefined, 5))).toEqual(['k']);
  });

  it('stays ordered over many random inserts and deletes, with the tallest nodes too', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const index = new OrderedIndex<Entry>(byPosition, random);
    const model = new Map<string, Entry>();
    for (let step = 0; step < 5000; step++) {
      const entry = { at: Math.floor(random() * 200), id: String(Math.floor(random() * 50)) };
      const key = `${entry.at}/${entry.id}`;
      if (random() < 0.6) {
        index.insert(entry);
        model.set(key, entry);
      } else {
        expect(index.delete(entry)).toBe(model.delete(key));
      }
    }
    const expected = [...model.values()].sort(byPosition);
    expect(index.take(undefined, model.size + 1)).toEqual(expected);
    expect(index.size).toBe(model.size);
  });
});
