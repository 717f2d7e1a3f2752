import {
  toBooleanValue,
  toIntegerValue,
  toNumberValue,
  toStringValue,
} from '../../../src/application/tool-kit/variable-conversions.js';
import { VariableTypeMismatchError, type JsonValue } from '../../../src/domain/index.js';

describe('variable conversions', () => {
  it.each<[JsonValue, string]>([
    ['text', 'text'],
    [42, '42'],
    [1.5, '1.5'],
    [true, 'true'],
  ])('reads %p as the string %p', (value, expected) => {
    expect(toStringValue('k', value)).toBe(expected);
  });

  it.each<[JsonValue, number]>([
    [42, 42],
    [-7, -7],
    ['42', 42],
    ['-7', -7],
    ['+3', 3],
  ])('reads %p as the integer %p', (value, expected) => {
    expect(toIntegerValue('k', value)).toBe(expected);
  });

  it.each<[JsonValue, number]>([
    [1.5, 1.5],
    ['1.5', 1.5],
    ['-2e3', -2000],
    ['.5', 0.5],
    [3, 3],
  ])('reads %p as the number %p', (value, expected) => {
    expect(toNumberValue('k', value)).toBe(expected);
  });

  it.each<[JsonValue, boolean]>([
    [true, true],
    [false, false],
    ['true', true],
    ['FALSE', false],
  ])('reads %p as the boolean %p', (value, expected) => {
    expect(toBooleanValue('k', value)).toBe(expected);
  });

  it.each<[string, (key: string, value: JsonValue) => unknown, JsonValue]>([
    ['string from object', toStringValue, { a: 1 }],
    ['string from array', toStringValue, [1]],
    ['integer from fraction', toIntegerValue, 1.5],
    ['integer from fractional text', toIntegerValue, '1.5'],
    ['integer from unsafe text', toIntegerValue, '9007199254740993'],
    ['integer from boolean', toIntegerValue, true],
    ['number from hex text', toNumberValue, '0x10'],
    ['number from blank text', toNumberValue, ' '],
    ['number from Infinity text', toNumberValue, 'Infinity'],
    ['boolean from 1', toBooleanValue, 1],
    ['boolean from yes', toBooleanValue, 'yes'],
  ])('refuses %s with a typed error naming the key', (_label, convert, value) => {
    expect(() => convert('count', value)).toThrow(VariableTypeMismatchError);
    expect(() => convert('count', value)).toThrow(/'count'/);
  });
});
