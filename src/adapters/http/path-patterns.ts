/**
 * Compiles path patterns into one matcher: `*` matches within a path segment, `**` matches
 * anything, including further segments. Everything else is literal; the whole path must match.
 */
export function pathMatcher(patterns: readonly string[]): (path: string) => boolean {
  if (patterns.length === 0) return () => false;
  const alternatives = patterns.map((pattern) =>
    pattern
      .split(/(\*\*|\*)/)
      .map((part) => (part === '**' ? '.*' : part === '*' ? '[^/]*' : escapeRegExp(part)))
      .join(''),
  );
  const regex = new RegExp(`^(?:${alternatives.join('|')})$`);
  return (path) => regex.test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
