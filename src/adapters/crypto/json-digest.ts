import { createHash } from 'node:crypto';
import type { JsonValue } from '../../domain/index.js';

/**
 * SHA-256 of a JSON value in one canonical spelling (object keys sorted, no spaces), so that two
 * spellings of the same arguments, keys in another order say, digest alike.
 */
export function jsonDigest(value: JsonValue): Buffer {
  return createHash('sha256').update(canonicalJson(value)).digest();
}

/** `value` as JSON with every object's keys in code-point order. */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const members = Object.keys(value)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key]!)}`);
  return `{${members.join(',')}}`;
}
