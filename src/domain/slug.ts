/**
 * A slug: 3 to 64 characters of a-z, 0-9 and '-', starting and ending with a letter or digit.
 * Safe as a file name, a lock name and a URL segment; it can never be '.', '..' or hold a '/'.
 */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{1,62})[a-z0-9]$/;

export function isSlug(value: string): boolean {
  return SLUG_PATTERN.test(value);
}
