/**
 * Every JSON-RPC error code this server sends, on every wire and protocol version: the one list.
 * JSON-RPC's own, the 2026-07-28 protocol's (-32020..-32022), and the server's (-32000..-32008,
 * the range JSON-RPC leaves to implementations; MCP 2026-07-28 calls it legacy and reserves the
 * codes above it for the specification, so new server codes do not go there).
 */
export const RPC_CODES = {
  /** The body is not valid JSON. */
  parseError: -32700,
  /** Valid JSON that is not a JSON-RPC message this server takes. */
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,

  /** A routing header is missing or says something the body does not (SEP-2243). */
  headerMismatch: -32020,
  /** The request needs a client capability the client did not declare (SEP-2575). */
  missingClientCapability: -32021,
  /** The request's protocol version is not one this server speaks. */
  unsupportedProtocolVersion: -32022,

  /** A per-owner limit is reached (stored tasks, concurrent tasks, sessions). */
  resourceExhausted: -32000,
  /** HTTP transport refusals the status line says more about (406, 415, 405, 409, ...). */
  transportRefused: -32000,
  /** The connection or session closed before the request was answered. */
  connectionClosed: -32000,
  /** No usable credentials, or a session that does not exist (for this caller). */
  unauthenticated: -32001,
  /** The token lacks a scope the request needs. */
  forbidden: -32003,
  /** Another run holds the lock the tool needs. */
  lockConflict: -32004,
  /** New work refused while the server shuts down. */
  shuttingDown: -32005,
  /** The task store cannot be reached. */
  storeUnavailable: -32006,
  /** A server-wide capacity (job processes, sessions) is full. */
  serverBusy: -32007,
  /** A rate-limit budget is spent (HTTP says 429). */
  rateLimited: -32008,
} as const;
