import { clip, invalidParams, invalidRequest } from '../json-rpc/error-table.js';
import { RPC_CODES } from '../json-rpc/rpc-codes.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import { PROTOTYPE_KEYS, type InboundLimits } from './inbound-limits.js';
import { scanBodyShape, type ScannedMessage } from './json-shape-scan.js';

export type RequestId = string | number;

/** One message of a body: its JSON value, or why it is refused before anything reads it. */
export type ReadMessage =
  { readonly value: unknown } | { readonly refusal: RpcError; readonly id: RequestId | null };

export interface ReadBody {
  readonly batch: boolean;
  readonly messages: readonly ReadMessage[];
}

const PARSE_ERROR = new RpcError(
  RPC_CODES.parseError,
  'Parse error: the request body is not valid JSON',
  undefined,
  true,
);

/**
 * The read step of every request, HTTP body or stdio line: the bytes become JSON-RPC messages
 * within the limits, or refusals. Nesting past the limit is found by a scan of the bytes and never
 * parsed; after parsing, one walk per message bounds the members of each object and refuses keys
 * that name JavaScript's object machinery (`__proto__`, `constructor`, `prototype`). A refused
 * message keeps its id where it can be read, so its answer reaches the caller. Throws the RpcError
 * for a body that is not readable at all (not JSON, an empty or oversized batch).
 */
export function readMessages(bytes: Uint8Array, limits: InboundLimits): ReadBody {
  const shape = scanBodyShape(bytes, limits.maxDepth);
  if (shape.batch && shape.messages.length > limits.maxBatchSize) {
    throw invalidRequest(`a batch must not exceed ${limits.maxBatchSize} messages`);
  }
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = shape.messages.some((message) => message.tooDeep)
    ? shape.messages.map((message) => readAlone(text, message, limits))
    : parseWhole(text, shape.batch);
  if (shape.batch && values.length === 0) throw invalidRequest('an empty batch');
  return {
    batch: shape.batch,
    messages: values.map((read) => ('value' in read ? checked(read.value, limits) : read)),
  };
}

function parseWhole(text: Buffer, batch: boolean): ReadMessage[] {
  const value = parse(text.toString('utf8'));
  if (!batch) return [{ value }];
  if (!Array.isArray(value)) throw PARSE_ERROR;
  return value.map((item: unknown) => ({ value: item }));
}

/** A message of a body that holds one nested too deep: each is taken on its own. */
function readAlone(text: Buffer, message: ScannedMessage, limits: InboundLimits): ReadMessage {
  if (!message.tooDeep) {
    return { value: parse(text.toString('utf8', message.start, message.end)) };
  }
  return {
    refusal: invalidParams(`the message is nested deeper than ${limits.maxDepth} levels`, true),
    id: idAt(text, message, limits),
  };
}

/** The id of a message too deep to parse, read from its own bytes alone. */
function idAt(text: Buffer, message: ScannedMessage, limits: InboundLimits): RequestId | null {
  if (message.idStart === undefined || message.idEnd === undefined) return null;
  if (message.idEnd - message.idStart > limits.maxIdLength + 2) return null;
  try {
    return readableId(JSON.parse(text.toString('utf8', message.idStart, message.idEnd)), limits);
  } catch {
    return null;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw PARSE_ERROR;
  }
}

/** A parsed message, or its refusal if an object in it is too wide or has a forbidden key. */
function checked(value: unknown, limits: InboundLimits): ReadMessage {
  const problem = shapeProblem(value, limits.maxKeysPerObject);
  if (problem === undefined) return { value };
  const id = isObject(value) && Object.hasOwn(value, 'id') ? readableId(value.id, limits) : null;
  return { refusal: invalidParams(problem, true), id };
}

/** An id the server may echo: a string within the limit or a safe integer. */
export function readableId(value: unknown, limits: InboundLimits): RequestId | null {
  if (typeof value === 'string') return value.length <= limits.maxIdLength ? value : null;
  return Number.isSafeInteger(value) ? (value as number) : null;
}

/**
 * Walks the value without recursion (its depth is bounded, but a walk should not care), looking
 * only at objects: what runs for every request keeps no paths. When it finds a problem, a second
 * walk that does keep them says where.
 */
function shapeProblem(value: unknown, maxKeys: number): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const pending: object[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next)) {
      for (const item of next as unknown[]) {
        if (typeof item === 'object' && item !== null) pending.push(item);
      }
      continue;
    }
    const keys = Object.keys(next);
    if (keys.length > maxKeys) return describedProblem(value, maxKeys);
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) return describedProblem(value, maxKeys);
      const item = (next as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) pending.push(item);
    }
  }
  return undefined;
}

/** The first problem of `value`, with the path to it. */
function describedProblem(value: object, maxKeys: number): string | undefined {
  const pending: { readonly value: object; readonly path: string }[] = [{ value, path: '' }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (Array.isArray(next.value)) {
      const items = next.value as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (typeof item === 'object' && item !== null) {
          pending.push({ value: item, path: `${next.path}[${i}]` });
        }
      }
      continue;
    }
    const keys = Object.keys(next.value);
    if (keys.length > maxKeys) {
      return `an object${where(next.path)} has ${keys.length} members; the limit is ${maxKeys}`;
    }
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) return `the key '${key}'${where(next.path)} is not allowed`;
      const item = (next.value as Record<string, unknown>)[key];
      if (typeof item === 'object' && item !== null) {
        pending.push({ value: item, path: next.path === '' ? key : `${next.path}.${key}` });
      }
    }
  }
  return undefined;
}

function where(path: string): string {
  return path === '' ? '' : ` (at ${clip(path, 96)})`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The id of a body's only message, when the body is one readable request; else null. */
export function loneMessageId(bytes: Uint8Array, limits: InboundLimits): RequestId | null {
  try {
    const read = readMessages(bytes, limits);
    const [only] = read.messages;
    if (read.batch || !only) return null;
    if (!('value' in only)) return only.id;
    return isObject(only.value) && Object.hasOwn(only.value, 'id')
      ? readableId(only.value.id, limits)
      : null;
  } catch {
    return null;
  }
}
