import { invalidParams } from '../json-rpc/error-table.js';
import { META_2026, TASKS_EXTENSION } from '../protocol-versions.js';
import { isObject } from './json-reader.js';

/** What a 2026-07-28 request says about its client, on the request itself. */
export interface RequestMeta {
  readonly protocolVersion: string;
  readonly capabilities: Readonly<Record<string, unknown>>;
  /** The client takes task handles (and so may use tasks/get, tasks/update, tasks/cancel). */
  readonly declaresTasks: boolean;
  /** The client answers questions (elicitation). */
  readonly elicits: boolean;
}

/**
 * Reads the `_meta` every 2026-07-28 request carries: the protocol version and the client's
 * capabilities are required (-32602, a malformed request, without them); clientInfo is optional.
 */
export function readRequestMeta(meta: Readonly<Record<string, unknown>> | undefined): RequestMeta {
  if (meta === undefined) throw invalidParams('params._meta is required', true);
  const protocolVersion = own(meta, META_2026.protocolVersion);
  if (typeof protocolVersion !== 'string') {
    throw invalidParams(`params._meta["${META_2026.protocolVersion}"] must be a string`, true);
  }
  const capabilities = own(meta, META_2026.clientCapabilities);
  if (!isObject(capabilities)) {
    throw invalidParams(`params._meta["${META_2026.clientCapabilities}"] must be an object`, true);
  }
  const extensions = own(capabilities, 'extensions');
  const declaresTasks = isObject(extensions) && isObject(own(extensions, TASKS_EXTENSION));
  const elicits = own(capabilities, 'elicitation') !== undefined;
  return { protocolVersion, capabilities, declaresTasks, elicits };
}

/** A member of a client-supplied object, never one it inherits. */
export function own(object: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
