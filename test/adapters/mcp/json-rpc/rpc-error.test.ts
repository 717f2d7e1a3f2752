import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';

describe('RpcError', () => {
  it('is an Error with its code and message', () => {
    const error = new RpcError(-32602, 'Invalid params: x');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('RpcError');
    expect(error.code).toBe(-32602);
    expect(error.message).toBe('Invalid params: x');
  });

  it('shows no data member when it has none', () => {
    const json = new RpcError(-32603, 'Internal error').toJson();
    expect(json).toEqual({ code: -32603, message: 'Internal error' });
    expect(Object.keys(json)).toEqual(['code', 'message']);
  });

  it('shows its data as given, null and falsy values included', () => {
    expect(new RpcError(-32003, 'm', { reason: 'INSUFFICIENT_SCOPE' }).toJson()).toEqual({
      code: -32003,
      message: 'm',
      data: { reason: 'INSUFFICIENT_SCOPE' },
    });
    expect(new RpcError(1, 'm', null).toJson()).toEqual({ code: 1, message: 'm', data: null });
    expect(new RpcError(1, 'm', 0).toJson()).toEqual({ code: 1, message: 'm', data: 0 });
  });

  it('is not malformed unless said, and the flag stays off the wire', () => {
    expect(new RpcError(-32602, 'm').malformed).toBe(false);
    const malformed = new RpcError(-32602, 'm', undefined, true);
    expect(malformed.malformed).toBe(true);
    expect(malformed.toJson()).toEqual({ code: -32602, message: 'm' });
  });
});
