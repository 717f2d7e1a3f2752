import {
  errorResponse,
  notification,
  resultResponse,
} from '../../../../src/adapters/mcp/json-rpc/messages.js';
import { RpcError } from '../../../../src/adapters/mcp/json-rpc/rpc-error.js';

describe('JSON-RPC messages', () => {
  it('a result response carries the id and the result', () => {
    expect(resultResponse('r-1', { tools: [] })).toEqual({
      jsonrpc: '2.0',
      id: 'r-1',
      result: { tools: [] },
    });
    expect(resultResponse(0, {})).toEqual({ jsonrpc: '2.0', id: 0, result: {} });
  });

  it("an error response carries the id and the error's wire form", () => {
    const error = new RpcError(-32602, 'Invalid params: x', { reason: 'NOT_FOUND' }, true);
    expect(errorResponse(7, error)).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: { code: -32602, message: 'Invalid params: x', data: { reason: 'NOT_FOUND' } },
    });
  });

  it('an error response to a request whose id could not be read goes under null', () => {
    const response = errorResponse(null, new RpcError(-32700, 'Parse error'));
    expect(response).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error' },
    });
    expect(JSON.stringify(response)).toBe(
      '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
    );
  });

  it('a notification has a method and params and no id', () => {
    const sent = notification('notifications/progress', { progressToken: 1, progress: 2 });
    expect(sent).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 1, progress: 2 },
    });
    expect('id' in sent).toBe(false);
  });
});
