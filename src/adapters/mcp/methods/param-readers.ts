import type { JsonObject } from '../../../domain/index.js';
import { invalidParams } from '../json-rpc/error-table.js';
import { isObject } from '../inbound/json-reader.js';
import { own } from '../inbound/request-meta.js';
import type { RawParams } from './mcp-method.js';

/*
 * Readers for the params methods share. Each throws -32602 naming the field; values come from
 * clients, so a member is read only when the params have it as their own.
 */

export function requiredString(params: RawParams, field: string): string {
  const value = own(params, field);
  if (typeof value !== 'string') throw invalidParams(`params.${field} must be a string`);
  return value;
}

export function optionalString(
  params: RawParams,
  field: string,
  maxLength: number,
): string | undefined {
  const value = own(params, field);
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParams(`params.${field} must be a string`);
  if (value.length > maxLength) {
    throw invalidParams(`params.${field} is longer than ${maxLength} characters`, true);
  }
  return value;
}

export function optionalObject(params: RawParams, field: string): JsonObject | undefined {
  const value = own(params, field);
  if (value === undefined) return undefined;
  if (!isObject(value)) throw invalidParams(`params.${field} must be an object`);
  return value as JsonObject;
}

/** Answers keyed by question, each an object: tools/call's and tasks/update's inputResponses. */
export function answersIn(
  params: RawParams,
  maxKeyLength: number,
  required: boolean,
): Record<string, JsonObject> | undefined {
  const value = own(params, 'inputResponses');
  if (value === undefined && !required) return undefined;
  if (!isObject(value)) {
    throw invalidParams('params.inputResponses must be an object of answers keyed by question');
  }
  for (const [key, answer] of Object.entries(value)) {
    if (key.length > maxKeyLength) {
      throw invalidParams(`a question key is longer than ${maxKeyLength} characters`, true);
    }
    if (!isObject(answer)) throw invalidParams('each answer must be an object');
  }
  return value as Record<string, JsonObject>;
}
