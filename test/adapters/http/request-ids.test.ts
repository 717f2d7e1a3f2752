import { RequestIds } from '../../../src/adapters/http/request-ids.js';

describe('RequestIds', () => {
  it('gives UUID-shaped ids, each different, one process’s sharing a prefix', () => {
    const ids = new RequestIds();
    const given = Array.from({ length: 1000 }, () => ids.next());
    for (const id of given)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(given).size).toBe(given.length);
    expect(new Set(given.map((id) => id.slice(0, 24))).size).toBe(1);
  });

  it('gives another process (another instance) ids of its own', () => {
    const [one, other] = [new RequestIds(), new RequestIds()];
    expect(one.next().slice(0, 24)).not.toBe(other.next().slice(0, 24));
  });
});
