import { asTaskId } from '../../src/domain/index.js';

describe('task id shape', () => {
  it('accepts 16 to 128 URL-safe characters', () => {
    expect(asTaskId('a'.repeat(16))).toBe('a'.repeat(16));
    expect(asTaskId('A-z_09'.repeat(20).slice(0, 128))).toBeDefined();
  });

  it.each([
    ['too short', 'a'.repeat(15)],
    ['too long', 'a'.repeat(129)],
    ['a slash', 'aaaaaaaa/aaaaaaaa'],
    ['a dot', 'aaaaaaaa.aaaaaaaa'],
    ['padding', 'aaaaaaaaaaaaaaa='],
    ['a newline after it', `${'a'.repeat(16)}\n`],
    ['empty', ''],
  ])('refuses an id with %s', (_why, raw) => {
    expect(asTaskId(raw)).toBeUndefined();
  });
});
