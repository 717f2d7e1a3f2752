import { canonicalJson, jsonDigest } from '../../../src/adapters/crypto/json-digest.js';

describe('canonicalJson', () => {
  it('spells a value one way: keys sorted at every depth, arrays in order, no spaces', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }, true] })).toBe(
      '{"a":[{"c":"x","d":null},true],"b":1}',
    );
    expect(canonicalJson('say "hi"')).toBe('"say \\"hi\\""');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
  });
});

describe('jsonDigest', () => {
  it('is the same for two spellings of one value, and differs for another value', () => {
    const digest = jsonDigest({ max: 10, label: 'x' });
    expect(digest).toHaveLength(32);
    expect(jsonDigest({ label: 'x', max: 10 }).equals(digest)).toBe(true);
    expect(jsonDigest({ label: 'x', max: 11 }).equals(digest)).toBe(false);
    expect(jsonDigest({ label: 'x', max: '10' }).equals(digest)).toBe(false);
    // Structure counts: a key moved inside an array is another value.
    expect(jsonDigest({ a: [1, 2] }).equals(jsonDigest({ a: [2, 1] }))).toBe(false);
  });
});
