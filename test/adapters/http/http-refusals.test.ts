import {
  HTTP_REFUSALS,
  statusOf2025,
  statusOf2026,
} from '../../../src/adapters/http/http-refusals.js';
import { RPC_CODES } from '../../../src/adapters/mcp/json-rpc/rpc-codes.js';
import { RpcError } from '../../../src/adapters/mcp/json-rpc/rpc-error.js';

const rpcError = (code: number, malformed = false) =>
  new RpcError(code, 'message', undefined, malformed);

describe('HTTP_REFUSALS', () => {
  it('gives every refusal its HTTP status', () => {
    const statuses = Object.fromEntries(
      Object.entries(HTTP_REFUSALS).map(([refusal, form]) => [refusal, form.status]),
    );
    expect(statuses).toEqual({
      PARSE_ERROR: 400,
      INVALID_MESSAGE: 400,
      NOT_ACCEPTABLE: 406,
      UNSUPPORTED_MEDIA_TYPE: 415,
      ALREADY_INITIALIZED: 400,
      STREAM_CONFLICT: 409,
      UNKNOWN_EVENT_ID: 400,
      BAD_AUTHORIZATION: 400,
      SESSION_REQUIRED: 400,
      UNAUTHENTICATED: 401,
      FOREIGN_ORIGIN: 403,
      INSUFFICIENT_SCOPE: 403,
      NOT_FOUND: 404,
      SESSION_NOT_FOUND: 404,
      METHOD_NOT_ALLOWED: 405,
      BODY_TOO_LARGE: 413,
      REQUEST_ABANDONED: 400,
      INTERNAL: 500,
      AUTHENTICATION_UNAVAILABLE: 503,
      SHUTTING_DOWN: 503,
      OWNER_SESSIONS_FULL: 429,
      SESSIONS_FULL: 503,
      RATE_LIMITED: 429,
      METRICS_UNAUTHENTICATED: 401,
      METRICS_FORBIDDEN: 403,
      HEADER_MISMATCH: 400,
      UNSUPPORTED_PROTOCOL_VERSION: 400,
    });
  });

  it('gives every refusal a JSON-RPC code from the one list of codes', () => {
    const known = new Set<number>(Object.values(RPC_CODES));
    for (const [refusal, form] of Object.entries(HTTP_REFUSALS)) {
      expect([refusal, known.has(form.rpcCode)]).toEqual([refusal, true]);
    }
  });

  it('says in the JSON-RPC code what the status says', () => {
    expect(HTTP_REFUSALS.PARSE_ERROR.rpcCode).toBe(RPC_CODES.parseError);
    expect(HTTP_REFUSALS.UNAUTHENTICATED.rpcCode).toBe(RPC_CODES.unauthenticated);
    expect(HTTP_REFUSALS.INSUFFICIENT_SCOPE.rpcCode).toBe(RPC_CODES.forbidden);
    expect(HTTP_REFUSALS.RATE_LIMITED.rpcCode).toBe(RPC_CODES.rateLimited);
    expect(HTTP_REFUSALS.SHUTTING_DOWN.rpcCode).toBe(RPC_CODES.shuttingDown);
    expect(HTTP_REFUSALS.SESSIONS_FULL.rpcCode).toBe(RPC_CODES.serverBusy);
    expect(HTTP_REFUSALS.INTERNAL.rpcCode).toBe(RPC_CODES.internalError);
    expect(HTTP_REFUSALS.HEADER_MISMATCH.rpcCode).toBe(RPC_CODES.headerMismatch);
    expect(HTTP_REFUSALS.UNSUPPORTED_PROTOCOL_VERSION.rpcCode).toBe(
      RPC_CODES.unsupportedProtocolVersion,
    );
  });
});

describe('statusOf2026', () => {
  it('is 404 for a method the server does not serve, however it was sent', () => {
    expect(statusOf2026(rpcError(RPC_CODES.methodNotFound))).toBe(404);
    expect(statusOf2026(rpcError(RPC_CODES.methodNotFound, true))).toBe(404);
  });

  it.each([
    ['parse error', RPC_CODES.parseError],
    ['invalid request', RPC_CODES.invalidRequest],
    ['header mismatch', RPC_CODES.headerMismatch],
    ['missing client capability', RPC_CODES.missingClientCapability],
    ['unsupported protocol version', RPC_CODES.unsupportedProtocolVersion],
  ])('is 400 for a request wrong as sent: %s', (_name, code) => {
    expect(statusOf2026(rpcError(code))).toBe(400);
  });

  it('is 400 for any error marked malformed', () => {
    expect(statusOf2026(rpcError(RPC_CODES.invalidParams, true))).toBe(400);
    expect(statusOf2026(rpcError(RPC_CODES.internalError, true))).toBe(400);
  });

  it.each([
    ['invalid params', RPC_CODES.invalidParams],
    ['internal error', RPC_CODES.internalError],
    ['resource exhausted', RPC_CODES.resourceExhausted],
    ['forbidden', RPC_CODES.forbidden],
    ['rate limited', RPC_CODES.rateLimited],
    ['store unavailable', RPC_CODES.storeUnavailable],
  ])('is 200 for every other answer: %s', (_name, code) => {
    expect(statusOf2026(rpcError(code))).toBe(200);
  });
});

describe('statusOf2025', () => {
  it('is 400 for what the body could not be read as', () => {
    expect(statusOf2025(rpcError(RPC_CODES.parseError))).toBe(400);
    expect(statusOf2025(rpcError(RPC_CODES.invalidRequest))).toBe(400);
  });

  it('is 200 for every other error, malformed or not, as the SDK clients expect', () => {
    for (const code of [
      RPC_CODES.methodNotFound,
      RPC_CODES.invalidParams,
      RPC_CODES.internalError,
      RPC_CODES.headerMismatch,
      RPC_CODES.unsupportedProtocolVersion,
    ]) {
      expect([code, statusOf2025(rpcError(code))]).toEqual([code, 200]);
      expect([code, statusOf2025(rpcError(code, true))]).toEqual([code, 200]);
    }
  });
});
