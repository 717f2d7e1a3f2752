import type { RateLimitedError } from '../../application/shared/errors.js';
import { HttpError } from './http-error.js';

/**
 * 429 for a spent budget: Retry-After (whole seconds, as HTTP wants) and the RateLimit-* fields of
 * the IETF draft, and in the JSON-RPC body `data.retryAfterMs` for clients that pace in ms.
 */
export function rateLimitedRefusal(error: RateLimitedError): HttpError {
  const { limit, remaining, resetMs } = error.verdict;
  const seconds = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
  return new HttpError(
    'RATE_LIMITED',
    error.message,
    {
      'retry-after': seconds,
      'ratelimit-limit': String(limit),
      'ratelimit-remaining': String(remaining),
      'ratelimit-reset': String(Math.max(1, Math.ceil(resetMs / 1000))),
    },
    { reason: error.code, retryAfterMs: error.retryAfterMs },
  );
}
