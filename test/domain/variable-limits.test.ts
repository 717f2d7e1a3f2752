import {
  assertVariablesWithinLimits,
  DEFAULT_VARIABLE_LIMITS,
  utf8ByteLength,
  VariableLimitExceededError,
  type JsonValue,
} from '../../src/domain/index.js';

const limits = DEFAULT_VARIABLE_LIMITS;

function nested(depth: number): JsonValue {
  let value: JsonValue = 'leaf';
  for (let i = 0; i < depth; i++) value = { child: value };
  return value;
}

describe('variable limits', () => {
  it('defaults to 1 MiB in all, depth 10, strings of 64 KiB', () => {
    expect(limits).toEqual({ maxTotalBytes: 1_048_576, maxDepth: 10, maxStringBytes: 65_536 });
  });

  it('accepts ordinary JSON', () => {
    expect(() =>
      assertVariablesWithinLimits({ a: 1, b: 'x', c: [true, null, { d: 2.5 }] }, limits),
    ).not.toThrow();
  });

  it('accepts nesting up to the depth limit and rejects one level more', () => {
    expect(() => assertVariablesWithinLimits({ v: nested(10) }, limits)).not.toThrow();
    expect(() => assertVariablesWithinLimits({ v: nested(11) }, limits)).toThrow(
      /deeper than the limit of 10/,
    );
  });

  it('rejects a hostile 100 000-level nesting without overflowing the stack', () => {
    expect(() => assertVariablesWithinLimits({ v: nested(100_000) }, limits)).toThrow(
      VariableLimitExceededError,
    );
  });

  it('counts string limits in UTF-8 bytes, keys included', () => {
    expect(() => assertVariablesWithinLimits({ s: 'a'.repeat(65_536) }, limits)).not.toThrow();
    expect(() => assertVariablesWithinLimits({ s: 'a'.repeat(65_537) }, limits)).toThrow(
      /64|65536/,
    );
    expect(() => assertVariablesWithinLimits({ s: 'é'.repeat(32_769) }, limits)).toThrow(
      VariableLimitExceededError,
    );
    expect(() => assertVariablesWithinLimits({ ['k'.repeat(65_537)]: 1 }, limits)).toThrow(
      VariableLimitExceededError,
    );
  });

  it('rejects more than 1 MiB in all', () => {
    const many = Object.fromEntries(
      Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(60_000)]),
    );
    expect(() => assertVariablesWithinLimits(many, limits)).toThrow(/limit is 1048576 bytes/);
  });

  it.each([
    ['a function', () => 1],
    ['undefined', undefined],
    ['NaN', Number.NaN],
    ['a Date', new Date(0)],
  ])('rejects %s', (_label, value) => {
    expect(() => assertVariablesWithinLimits({ v: value as unknown as JsonValue }, limits)).toThrow(
      VariableLimitExceededError,
    );
  });

  it('rejects a cyclic value', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => assertVariablesWithinLimits({ v: cyclic as JsonValue }, limits)).toThrow(
      VariableLimitExceededError,
    );
  });

  it('measures UTF-8 like the platform encoder', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀é€', '\ud800']) {
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text, 'utf8'));
    }
  });
});
