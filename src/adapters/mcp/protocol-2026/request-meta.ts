import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { RpcError } from '../rpc-error.js';
import { META, TASKS_EXTENSION } from './wire.js';

/** What a 2026-07-28 request says about its client, on the request itself. */
export interface RequestMeta {
  readonly protocolVersion: string;
  readonly capabilities: Readonly<Record<string, unknown>>;
  /** The client takes task handles (and so may use tasks/get, tasks/update, tasks/cancel). */
  readonly declaresTasks: boolean;
}

/**
 * Reads the `_meta` every 2026-07-28 request carries: the protocol version and the client's
 * capabilities are required (-32602 without them); clientInfo is optional.
 */
export function readRequestMeta(params: unknown): RequestMeta {
  const meta = isObject(params) ? params._meta : undefined;
  if (!isObject(meta)) throw invalid('params._meta is required');
  const protocolVersion = meta[META.protocolVersion];
  if (typeof protocolVersion !== 'string') {
    throw invalid(`params._meta["${META.protocolVersion}"] must be a string`);
  }
  const capabilities = meta[META.clientCapabilities];
  if (!isObject(capabilities)) {
    throw invalid(`params._meta["${META.clientCapabilities}"] must be an object`);
  }
  const extensions = capabilities.extensions;
  const declaresTasks = isObject(extensions) && isObject(extensions[TASKS_EXTENSION]);
  return { protocolVersion, capabilities, declaresTasks };
}

function invalid(detail: string): RpcError {
  return new RpcError(ErrorCode.InvalidParams, `Invalid params: ${detail}`);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
