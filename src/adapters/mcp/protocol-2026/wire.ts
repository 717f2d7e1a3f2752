import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';

/**
 * The 2026-07-28 protocol as far as this server speaks it: the per-request `_meta` keys, the tasks
 * extension's id, and the error codes the base protocol and the extension define.
 */
export const PROTOCOL_2026 = '2026-07-28';

/** Every protocol version this server answers, newest first: 2026-07-28 and the SDK's. */
export const SUPPORTED_VERSIONS: readonly string[] = [
  PROTOCOL_2026,
  ...SUPPORTED_PROTOCOL_VERSIONS,
];

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';

export const META = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
} as const;

/** A header that must mirror the body is missing or says something else (SEP-2243). */
export const HEADER_MISMATCH = -32020;
/** The request needs a capability the client did not declare on it (SEP-2575). */
export const MISSING_CLIENT_CAPABILITY = -32021;

/** The request's protocol version is not one this server speaks (data: requested, supported). */
export const UNSUPPORTED_PROTOCOL_VERSION = -32022;

/** The error data that names the tasks extension as the capability a request needs. */
export const TASKS_REQUIRED = Object.freeze({
  requiredCapabilities: { extensions: { [TASKS_EXTENSION]: {} } },
});
