import { rateLimitedRefusal } from '../../../src/adapters/http/rate-limit-refusal.js';
import { RPC_CODES } from '../../../src/adapters/mcp/json-rpc/rpc-codes.js';
import type { RateVerdict } from '../../../src/application/ports/rate-limiter.js';
import { RateLimitedError } from '../../../src/application/shared/errors.js';

function spent(verdict: Partial<RateVerdict> = {}): RateLimitedError {
  return new RateLimitedError(
    'requests',
    { allowed: false, limit: 50, remaining: 0, resetMs: 1500, ...verdict },
    'at most 50 requests per second per user',
  );
}

describe('rateLimitedRefusal', () => {
  it('is a 429 with the JSON-RPC rate-limited code and the error message', () => {
    const error = spent();
    const refusal = rateLimitedRefusal(error);
    expect(refusal.refusal).toBe('RATE_LIMITED');
    expect(refusal.status).toBe(429);
    expect(refusal.rpcCode).toBe(RPC_CODES.rateLimited);
    expect(refusal.message).toBe(error.message);
    expect(refusal.message).toMatch(/^Rate limit reached: at most 50 requests per second/);
  });

  it('says when to come back in whole seconds (rounded up) and the RateLimit fields', () => {
    expect(rateLimitedRefusal(spent({ limit: 50, remaining: 3, resetMs: 1500 })).headers).toEqual({
      'retry-after': '2',
      'ratelimit-limit': '50',
      'ratelimit-remaining': '3',
      'ratelimit-reset': '2',
    });
    expect(rateLimitedRefusal(spent({ resetMs: 1000 })).headers['retry-after']).toBe('1');
    expect(rateLimitedRefusal(spent({ resetMs: 1001 })).headers['retry-after']).toBe('2');
  });

  it('never says zero seconds, even when the window is already over', () => {
    const refusal = rateLimitedRefusal(spent({ resetMs: 0 }));
    expect(refusal.headers['retry-after']).toBe('1');
    expect(refusal.headers['ratelimit-reset']).toBe('1');
    expect(refusal.data).toEqual({ reason: 'RATE_LIMITED', retryAfterMs: 1 });
  });

  it('gives clients that pace in milliseconds the exact wait in data', () => {
    expect(rateLimitedRefusal(spent({ resetMs: 2345 })).data).toEqual({
      reason: 'RATE_LIMITED',
      retryAfterMs: 2345,
    });
  });
});
