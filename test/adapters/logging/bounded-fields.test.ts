import {
  boundedFields,
  clipForLog,
  MAX_LOGGED_CHARS,
} from '../../../src/adapters/logging/bounded-fields.js';

describe('boundedFields', () => {
  it('cuts a string over 1024 characters, saying how many more there were', () => {
    const long = 'a'.repeat(1024) + 'b'.repeat(476);
    const bounded = boundedFields({ method: long, task: 't1' });
    expect(bounded).toEqual({
      method: `${'a'.repeat(1024)}... (476 more characters)`,
      task: 't1',
    });
  });

  it('keeps a string of exactly 1024 characters whole', () => {
    const fields = { reason: 'r'.repeat(MAX_LOGGED_CHARS) };
    expect(MAX_LOGGED_CHARS).toBe(1024);
    expect(boundedFields(fields)).toBe(fields);
  });

  it('leaves every value that is not a string untouched', () => {
    const nested = { deep: 'x'.repeat(5000) };
    const list = ['y'.repeat(5000)];
    const fields = { count: 12, ok: true, missing: undefined, nested, list, nothing: null };
    const bounded = boundedFields({ ...fields, name: 'z'.repeat(2000) });
    expect(bounded).toEqual({ ...fields, name: `${'z'.repeat(1024)}... (976 more characters)` });
    expect(bounded!.nested).toBe(nested);
    expect(bounded!.list).toBe(list);
  });

  it('returns the same object when nothing needed cutting, and never changes the one given', () => {
    const fields = { a: 'short', b: 3 };
    expect(boundedFields(fields)).toBe(fields);
    const long = { a: 'x'.repeat(1025) };
    const bounded = boundedFields(long);
    expect(bounded).not.toBe(long);
    expect(long.a).toHaveLength(1025);
    expect(bounded!.a).toBe(`${'x'.repeat(1024)}... (1 more characters)`);
  });

  it('passes no fields on as none', () => {
    expect(boundedFields(undefined)).toBeUndefined();
  });
});

describe('clipForLog', () => {
  it('cuts only what is over the limit', () => {
    expect(clipForLog('short')).toBe('short');
    expect(clipForLog('q'.repeat(1030))).toBe(`${'q'.repeat(1024)}... (6 more characters)`);
  });
});
