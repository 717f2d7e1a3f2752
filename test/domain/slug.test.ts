import { isSlug } from '../../src/domain/index.js';

describe('slugs', () => {
  it.each(['abc', 'build-web', 'a1-b2', '0ne', 'a'.repeat(64)])('accepts %s', (value) => {
    expect(isSlug(value)).toBe(true);
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(65)],
    ['upper case', 'Build'],
    ['a leading dash', '-abc'],
    ['a trailing dash', 'abc-'],
    ['a dot', 'a.b.c'],
    ['a slash', 'a/bc'],
    ['a parent directory', '..'],
    ['a space', 'ab c'],
    ['a newline after it', 'abc\n'],
  ])('refuses %s', (_why, value) => {
    expect(isSlug(value)).toBe(false);
  });
});
