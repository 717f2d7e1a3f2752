import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';

/** The protocol revision with per-request capabilities and the tasks extension (SEP-2663). */
export const PROTOCOL_2026 = '2026-07-28';

/** The newest revision with initialize and sessions; older ones are served the same way. */
export const PROTOCOL_2025 = '2025-11-25';

/** Every protocol version this server answers, newest first: 2026-07-28 and the SDK's. */
export const SUPPORTED_VERSIONS: readonly string[] = [
  PROTOCOL_2026,
  ...SUPPORTED_PROTOCOL_VERSIONS,
];

/**
 * How a request is served and answered: as 2025-11-25 (and every earlier version: initialize,
 * sessions, server-to-client requests) or as 2026-07-28 (each request standing alone).
 */
export type WireVersion = typeof PROTOCOL_2025 | typeof PROTOCOL_2026;

/**
 * How a connection without headers (stdio, in-process) tells versions apart: per request, by its
 * `_meta`. One that names a protocol version is a 2026-07-28 request; any other follows the
 * 2025-11-25 rules (initialize first).
 */
export const VERSION_BY_META = 'by-meta';

export type VersionRule = WireVersion | typeof VERSION_BY_META;

const SERVED: ReadonlySet<string> = new Set(SUPPORTED_VERSIONS);

export function isServedVersion(version: string): boolean {
  return SERVED.has(version);
}

/** The way a served version is answered. */
export function wireVersionOf(version: string): WireVersion {
  return version === PROTOCOL_2026 ? PROTOCOL_2026 : PROTOCOL_2025;
}

/** What 2026-07-28 keys in a request's or a result's `_meta`. */
export const META_2026 = {
  protocolVersion: 'io.modelcontextprotocol/protocolVersion',
  clientCapabilities: 'io.modelcontextprotocol/clientCapabilities',
  serverInfo: 'io.modelcontextprotocol/serverInfo',
  /** On everything a subscriptions/listen stream carries: the listen request's id. */
  subscriptionId: 'io.modelcontextprotocol/subscriptionId',
} as const;

export const TASKS_EXTENSION = 'io.modelcontextprotocol/tasks';
