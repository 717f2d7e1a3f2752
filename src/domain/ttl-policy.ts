import { InvalidTtlError, TtlTooLongError } from './errors.js';

export interface TtlPolicy {
  readonly defaultTtlMs: number;
  readonly maxTtlMs: number;
}

export const DEFAULT_TTL_POLICY: TtlPolicy = { defaultTtlMs: 3_600_000, maxTtlMs: 86_400_000 };

/**
 * The ttl a new task gets. No request: the default. A request above the max is rejected, never
 * clamped, so the client learns the real limit instead of losing its result early.
 */
export function resolveTtl(requested: unknown, policy: TtlPolicy): number {
  if (requested === undefined) return policy.defaultTtlMs;
  if (typeof requested !== 'number' || !Number.isFinite(requested)) {
    throw new InvalidTtlError('ttl must be a whole number of milliseconds');
  }
  if (!Number.isInteger(requested)) {
    throw new InvalidTtlError(`ttl must be a whole number of milliseconds, got ${requested}`);
  }
  if (requested <= 0) {
    throw new InvalidTtlError(`ttl must be at least 1 ms, got ${requested}`);
  }
  if (requested > policy.maxTtlMs) throw new TtlTooLongError(requested, policy.maxTtlMs);
  return requested;
}
