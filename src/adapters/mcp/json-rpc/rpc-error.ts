/**
 * A JSON-RPC error to send: code, message (sent as written) and optional data. `malformed` marks a
 * request refused before it ran because its envelope is wrong (a missing `_meta` field, a key or a
 * length the reader refuses): 2026-07-28 answers those with HTTP 400.
 */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
    readonly malformed = false,
  ) {
    super(message);
    this.name = 'RpcError';
  }

  /** The `error` member of a JSON-RPC error response. */
  toJson(): { code: number; message: string; data?: unknown } {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}
