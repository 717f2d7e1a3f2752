import { RPC_CODES } from '../../../../src/adapters/mcp/json-rpc/rpc-codes.js';

/** The names that share the legacy server code -32000, each meaning "refused, see the message". */
const SHARING_MINUS_32000 = ['connectionClosed', 'resourceExhausted', 'transportRefused'];

describe('RPC_CODES', () => {
  it("uses JSON-RPC's own codes for JSON-RPC's own errors", () => {
    expect(RPC_CODES).toMatchObject({
      parseError: -32700,
      invalidRequest: -32600,
      methodNotFound: -32601,
      invalidParams: -32602,
      internalError: -32603,
    });
  });

  it('uses the 2026-07-28 codes -32020..-32022 for what that protocol names', () => {
    expect(RPC_CODES.headerMismatch).toBe(-32020);
    expect(RPC_CODES.missingClientCapability).toBe(-32021);
    expect(RPC_CODES.unsupportedProtocolVersion).toBe(-32022);
  });

  it('gives each server error a code of its own in the legacy range -32008..-32000', () => {
    expect(RPC_CODES).toMatchObject({
      unauthenticated: -32001,
      forbidden: -32003,
      lockConflict: -32004,
      shuttingDown: -32005,
      storeUnavailable: -32006,
      serverBusy: -32007,
      rateLimited: -32008,
    });
  });

  it('shares a code only between refusals whose message says what went wrong', () => {
    const byCode = new Map<number, string[]>();
    for (const [name, code] of Object.entries(RPC_CODES)) {
      byCode.set(code, [...(byCode.get(code) ?? []), name]);
    }
    const shared = [...byCode.entries()].filter(([, names]) => names.length > 1);
    expect(shared).toEqual([[-32000, expect.arrayContaining(SHARING_MINUS_32000)]]);
    expect(byCode.get(-32000)).toHaveLength(SHARING_MINUS_32000.length);
  });

  it('keeps every server code out of the range the specification reserves', () => {
    const specification = new Set([-32020, -32021, -32022]);
    for (const code of Object.values(RPC_CODES)) {
      if (code <= -32600 || specification.has(code)) continue;
      expect(code).toBeGreaterThanOrEqual(-32008);
      expect(code).toBeLessThanOrEqual(-32000);
    }
  });
});
