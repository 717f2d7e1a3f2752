import {
  InvalidTtlError,
  resolveTtl,
  TtlTooLongError,
  DEFAULT_TTL_POLICY,
} from '../../src/domain/index.js';

const policy = { defaultTtlMs: 3_600_000, maxTtlMs: 86_400_000 };

describe('ttl policy', () => {
  it('defaults to one hour with a 24 h maximum', () => {
    expect(DEFAULT_TTL_POLICY).toEqual(policy);
  });

  it('gives the default when no ttl is requested', () => {
    expect(resolveTtl(undefined, policy)).toBe(3_600_000);
  });

  it('accepts any whole ttl from 1 ms up to the max', () => {
    expect(resolveTtl(1, policy)).toBe(1);
    expect(resolveTtl(60_000, policy)).toBe(60_000);
    expect(resolveTtl(86_400_000, policy)).toBe(86_400_000);
  });

  it('rejects a ttl above the max with an error naming the max, never clamping', () => {
    expect(() => resolveTtl(86_400_001, policy)).toThrow(TtlTooLongError);
    expect(() => resolveTtl(86_400_001, policy)).toThrow(/maximum of 86400000 ms/);
  });

  it.each([0, -1, -86_400_000])('rejects %p', (ttl) => {
    expect(() => resolveTtl(ttl, policy)).toThrow(InvalidTtlError);
  });

  it.each([1.5, Number.NaN, Number.POSITIVE_INFINITY, '60000', null, {}, true])(
    'rejects the non-integer %p',
    (ttl) => {
      expect(() => resolveTtl(ttl, policy)).toThrow(InvalidTtlError);
    },
  );
});
