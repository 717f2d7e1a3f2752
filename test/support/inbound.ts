import {
  inboundLimits,
  type InboundLimits,
} from '../../src/adapters/mcp/inbound/inbound-limits.js';
import type {
  InboundReply,
  InboundRequest,
} from '../../src/adapters/mcp/inbound/inbound-message.js';
import {
  META_2026,
  PROTOCOL_2025,
  PROTOCOL_2026,
} from '../../src/adapters/mcp/protocol-versions.js';

/** A body's bytes: `value` as JSON, or a string taken as the body's text as it is. */
export function bodyOf(value: unknown): Buffer {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8');
}

/** The reader's limits: the defaults, with the ones a test makes small. */
export function someLimits(overrides: Partial<InboundLimits> = {}): InboundLimits {
  return { ...inboundLimits(32), ...overrides };
}

/** A JSON-RPC request as a client sends it (no params member when `params` is undefined). */
export function aRequest(
  method: string,
  params?: Record<string, unknown>,
  id: string | number = 1,
): Record<string, unknown> {
  return params === undefined
    ? { jsonrpc: '2.0', id, method }
    : { jsonrpc: '2.0', id, method, params };
}

/** A JSON-RPC notification. */
export function aNotification(
  method: string,
  params?: Record<string, unknown>,
): Record<string, unknown> {
  return params === undefined ? { jsonrpc: '2.0', method } : { jsonrpc: '2.0', method, params };
}

/** The `_meta` every 2026-07-28 request carries: the version and the client's capabilities. */
export function meta2026(
  capabilities: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    [META_2026.protocolVersion]: PROTOCOL_2026,
    [META_2026.clientCapabilities]: capabilities,
    ...extra,
  };
}

/** `[[[ ... ]]]`: `levels` arrays inside each other, as JSON text. */
export function nestedArrays(levels: number): string {
  return `${'['.repeat(levels)}${']'.repeat(levels)}`;
}

/** A classified request, as the classifier would leave it: served unless a refusal is given. */
export function anInboundRequest(overrides: Partial<InboundRequest> = {}): InboundRequest {
  return { kind: 'request', id: 1, method: 'ping', wire: PROTOCOL_2025, creates: 0, ...overrides };
}

/** A classified reply of the client to one of the server's questions. */
export function anInboundReply(id: number, result: Record<string, unknown> = {}): InboundReply {
  return { kind: 'reply', id, result };
}
