import { pathMatcher } from '../../../src/adapters/http/path-patterns.js';

describe('exempt path patterns', () => {
  const matches = pathMatcher(['/health', '/status/*', '/.well-known/**', '/v1.0/a+b']);

  it.each([
    ['/health', true],
    ['/health/', false],
    ['/healthz', false],
    ['/status/live', true],
    ['/status/', true],
    ['/status/a/b', false],
    ['/.well-known/oauth-protected-resource', true],
    ['/.well-known/oauth-protected-resource/mcp', true],
    ['/.well-known', false],
    ['/v1.0/a+b', true],
    ['/v1x0/a+b', false],
    ['/mcp', false],
  ])('%s -> %s', (path, expected) => {
    expect(matches(path)).toBe(expected);
  });

  it('matches nothing without patterns', () => {
    expect(pathMatcher([])('/health')).toBe(false);
  });
});
