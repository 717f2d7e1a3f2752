import { CryptoIdGenerator } from '../../../src/adapters/ids/crypto-id-generator.js';
import { asTaskId } from '../../../src/domain/index.js';

describe('CryptoIdGenerator', () => {
  it('makes 24-character base64url ids (144 bits) that pass our own id check', () => {
    const id = new CryptoIdGenerator().newTaskId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(asTaskId(id)).toBe(id);
  });

  it('never repeats an id, across several batches of random bytes', () => {
    const generator = new CryptoIdGenerator();
    const ids = Array.from({ length: 1000 }, () => generator.newTaskId());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('draws independently in each generator', () => {
    expect(new CryptoIdGenerator().newTaskId()).not.toBe(new CryptoIdGenerator().newTaskId());
  });
});
