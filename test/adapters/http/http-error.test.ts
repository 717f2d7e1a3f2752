import { HttpError } from '../../../src/adapters/http/http-error.js';
import { RPC_CODES } from '../../../src/adapters/mcp/json-rpc/rpc-codes.js';

describe('HttpError', () => {
  it('takes its status and JSON-RPC code from the refusal table', () => {
    const error = new HttpError('RATE_LIMITED', 'Slow down', { 'retry-after': '2' });
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(429);
    expect(error.rpcCode).toBe(RPC_CODES.rateLimited);
    expect(error.message).toBe('Slow down');
    expect(error.headers).toEqual({ 'retry-after': '2' });
  });

  it('answers no request until told which, and carries no data unless given', () => {
    const error = new HttpError('NOT_FOUND', 'Not found');
    expect(error.id).toBeNull();
    expect(error.data).toBeUndefined();
    expect(error.headers).toEqual({});
  });

  describe('answering(id)', () => {
    const shared = new HttpError(
      'HEADER_MISMATCH',
      'Header mismatch: the Mcp-Method header is required',
      { 'x-extra': 'kept' },
      { detail: 'kept too' },
    );

    it('is the same refusal under the request id, everything else kept', () => {
      const answered = shared.answering(7);
      expect(answered).not.toBe(shared);
      expect(answered).toBeInstanceOf(HttpError);
      expect(answered.id).toBe(7);
      expect(answered.refusal).toBe('HEADER_MISMATCH');
      expect(answered.status).toBe(400);
      expect(answered.rpcCode).toBe(RPC_CODES.headerMismatch);
      expect(answered.message).toBe(shared.message);
      expect(answered.headers).toEqual({ 'x-extra': 'kept' });
      expect(answered.data).toEqual({ detail: 'kept too' });
    });

    it('leaves the refusal it came from unchanged, as refusals are shared constants', () => {
      shared.answering('a-string-id');
      expect(shared.id).toBeNull();
    });

    it('returns the refusal itself when it already answers that id', () => {
      expect(shared.answering(null)).toBe(shared);
      const seven = shared.answering(7);
      expect(seven.answering(7)).toBe(seven);
      expect(seven.answering(null).id).toBeNull();
      expect(seven.answering('7').id).toBe('7');
    });
  });
});
