import { VariableLimitExceededError } from './errors.js';
import { exceedsUtf8Bytes, utf8ByteLength, type JsonObject, type JsonValue } from './json.js';

export interface VariableLimits {
  /** UTF-8 bytes of the JSON encoding of all of a task's variables together. */
  readonly maxTotalBytes: number;
  /** Nesting of arrays and objects inside one variable's value. */
  readonly maxDepth: number;
  /** UTF-8 bytes of any one string, keys included. */
  readonly maxStringBytes: number;
}

export const DEFAULT_VARIABLE_LIMITS: VariableLimits = {
  maxTotalBytes: 1024 * 1024,
  maxDepth: 10,
  maxStringBytes: 64 * 1024,
};

/**
 * Checks that `variables` is plain JSON within the limits. The walk stops at the depth limit, so a
 * hostile, deeply nested or cyclic value is rejected before anything recurses on it.
 */
export function assertVariablesWithinLimits(variables: JsonObject, limits: VariableLimits): void {
  for (const [key, value] of Object.entries(variables)) {
    checkString(key, limits, key);
    checkValue(value, 0, limits, key);
  }
  const totalBytes = utf8ByteLength(JSON.stringify(variables));
  if (totalBytes > limits.maxTotalBytes) {
    throw new VariableLimitExceededError(
      `Variables take ${totalBytes} bytes; the limit is ${limits.maxTotalBytes} bytes`,
    );
  }
}

function checkValue(value: unknown, depth: number, limits: VariableLimits, path: string): void {
  switch (typeof value) {
    case 'string':
      checkString(value, limits, path);
      return;
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) {
        throw new VariableLimitExceededError(
          `Variable '${truncate(path)}' holds a non-finite number`,
        );
      }
      return;
    case 'object':
      break;
    default:
      throw new VariableLimitExceededError(`Variable '${truncate(path)}' is not a JSON value`);
  }
  if (value === null) return;
  if (depth >= limits.maxDepth) {
    throw new VariableLimitExceededError(
      `Variable '${truncate(path)}' is nested deeper than the limit of ${limits.maxDepth} levels`,
    );
  }
  if (Array.isArray(value)) {
    for (const item of value) checkValue(item, depth + 1, limits, path);
    return;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new VariableLimitExceededError(`Variable '${truncate(path)}' is not a plain JSON object`);
  }
  for (const [key, item] of Object.entries(value as Record<string, JsonValue>)) {
    checkString(key, limits, path);
    checkValue(item, depth + 1, limits, path);
  }
}

function checkString(text: string, limits: VariableLimits, path: string): void {
  if (exceedsUtf8Bytes(text, limits.maxStringBytes)) {
    throw new VariableLimitExceededError(
      `Variable '${truncate(path)}' holds a string longer than the limit of ${limits.maxStringBytes} bytes`,
    );
  }
}

function truncate(path: string): string {
  return path.length > 64 ? `${path.slice(0, 64)}...` : path;
}
