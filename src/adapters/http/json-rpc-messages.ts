import type {
  JSONRPCMessage,
  JSONRPCNotification,
  JSONRPCRequest,
  RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { HttpError } from './http-error.js';

/** The most messages one batch may carry (as the SDK's own transport allows). */
export const MAX_BATCH_SIZE = 100;

const REQUEST_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'method', 'params']);
const RESULT_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'result']);
const ERROR_KEYS: ReadonlySet<string> = new Set(['jsonrpc', 'id', 'error']);

/**
 * The JSON-RPC messages of a POST body: one message, or a batch of them. Each is checked for the
 * shape JSON-RPC 2.0 and the MCP schema give it (and no other members) by hand, in one pass: this
 * runs on every request, and a union of schemas would try each shape in turn.
 */
export function messagesIn(body: unknown): { messages: JSONRPCMessage[]; batch: boolean } {
  if (!Array.isArray(body)) return { messages: [asMessage(body)], batch: false };
  if (body.length === 0) throw invalid('Invalid Request: an empty batch');
  if (body.length > MAX_BATCH_SIZE) {
    throw invalid(`Invalid Request: a batch must not exceed ${MAX_BATCH_SIZE} messages`);
  }
  return { messages: body.map(asMessage), batch: true };
}

export function isRequest(message: JSONRPCMessage): message is JSONRPCRequest {
  return 'method' in message && 'id' in message;
}

export function isNotification(message: JSONRPCMessage): message is JSONRPCNotification {
  return 'method' in message && !('id' in message);
}

export function isInitialize(message: JSONRPCMessage): boolean {
  return isRequest(message) && message.method === 'initialize';
}

function asMessage(value: unknown): JSONRPCMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('Invalid Request: a JSON-RPC message must be an object');
  }
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') throw invalid('Invalid Request: jsonrpc must be "2.0"');
  if ('method' in message) {
    if (typeof message.method !== 'string')
      throw invalid('Invalid Request: method must be a string');
    if ('params' in message && !isObject(message.params)) {
      throw invalid('Invalid Request: params must be an object');
    }
    if ('id' in message && !isRequestId(message.id)) {
      throw invalid('Invalid Request: id must be a string or an integer');
    }
    onlyKeys(message, REQUEST_KEYS);
    return message as unknown as JSONRPCMessage;
  }
  if ('result' in message) {
    if (!isRequestId(message.id) || !isObject(message.result)) {
      throw invalid('Invalid Request: a result needs an id and an object result');
    }
    onlyKeys(message, RESULT_KEYS);
    return message as unknown as JSONRPCMessage;
  }
  if ('error' in message) {
    const error = message.error as Record<string, unknown> | null;
    const idOk = !('id' in message) || message.id === null || isRequestId(message.id);
    if (!idOk || !isObject(error) || !Number.isInteger(error.code)) {
      throw invalid('Invalid Request: an error needs an integer code');
    }
    if (typeof error.message !== 'string')
      throw invalid('Invalid Request: an error needs a message');
    onlyKeys(message, ERROR_KEYS);
    return message as unknown as JSONRPCMessage;
  }
  throw invalid('Invalid Request: a message needs a method, a result or an error');
}

function isRequestId(value: unknown): value is RequestId {
  return typeof value === 'string' || Number.isInteger(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(message: Record<string, unknown>, allowed: ReadonlySet<string>): void {
  for (const key in message) {
    if (!allowed.has(key)) throw invalid(`Invalid Request: unexpected member '${key}'`);
  }
}

function invalid(message: string): HttpError {
  return new HttpError('INVALID_MESSAGE', message);
}
