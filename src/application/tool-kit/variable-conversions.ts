import { VariableTypeMismatchError, type JsonValue } from '../../domain/index.js';

/*
 * How TaskContext's typed accessors read a variable. A missing key or null reads as undefined;
 * anything else that does not convert cleanly is a VariableTypeMismatchError, never a guess.
 */

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** strings as they are; finite numbers and booleans as their JSON text. */
export function toStringValue(key: string, value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
    return String(value);
  }
  throw mismatch(key, 'a string', value);
}

/** safe integers; decimal integer strings ("42", "-7") within the safe range. */
export function toIntegerValue(key: string, value: JsonValue): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) {
    const parsed = Number(value);
    if (Number.isSafeInteger(parsed)) return parsed;
  }
  throw mismatch(key, 'an integer', value);
}

/** finite numbers; decimal number strings ("1.5", "-2e3"); no hex, no blanks, no Infinity. */
export function toNumberValue(key: string, value: JsonValue): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) {
    const parsed = Number(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw mismatch(key, 'a number', value);
}

/** booleans; the strings "true" and "false" in any letter case. Not 0/1, not "yes". */
export function toBooleanValue(key: string, value: JsonValue): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lowered = value.toLowerCase();
    if (lowered === 'true') return true;
    if (lowered === 'false') return false;
  }
  throw mismatch(key, 'a boolean', value);
}

function mismatch(key: string, wanted: string, value: JsonValue): VariableTypeMismatchError {
  const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
  return new VariableTypeMismatchError(`Variable '${key}' is ${found}, not ${wanted}`);
}
