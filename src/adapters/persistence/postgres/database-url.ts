/** Whether `value` is a postgres:// or postgresql:// URL with a host (what the driver accepts). */
export function isDatabaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.host !== '';
  } catch {
    return false;
  }
}

/**
 * The URL as it may be shown in a banner, a log or an error: the password replaced by ***. A
 * value that does not parse is not shown at all, since where its password is cannot be known.
 */
export function redactDatabaseUrl(value: string | undefined): string {
  if (value === undefined) return 'from the PG* environment variables';
  try {
    const url = new URL(value);
    if (url.password !== '') url.password = '***';
    // Query parameters may carry a password too (?password=...).
    for (const key of [...url.searchParams.keys()]) {
      if (/pass|secret|key/i.test(key)) url.searchParams.set(key, '***');
    }
    return url.href;
  } catch {
    return '(a URL that does not parse)';
  }
}
