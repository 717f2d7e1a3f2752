import { isLoopbackHost } from '../net/loopback-host.js';

/**
 * An absolute https URL without credentials or fragment; plain http only on a loopback host,
 * where development servers and tests run. Keys and metadata must never travel in clear text.
 */
export function isSecureUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.hash || url.username || url.password) return false;
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname));
}
