import { InvalidArgumentError } from './errors.js';
import type { OwnerId } from './owner-id.js';
import { isSlug } from './slug.js';
import type { TaskId } from './task-id.js';

export const MIN_LOCK_TTL_MS = 60_000;
export const MAX_LOCK_TTL_MS = 86_400_000;

/** Whose runs a lock keeps apart: one owner's runs only, or everybody's. */
export type LockScope = 'owner' | 'global';

/** The run that holds a lock: the task, under its owner. */
export interface LockHolder {
  readonly owner: OwnerId;
  readonly taskId: TaskId;
}

/**
 * A named mutual-exclusion lease held by one task. `key` is what two runs must share to conflict:
 * an owner-scoped lock's key includes its owner, so one owner can never block another with it.
 */
export interface Lock {
  readonly key: string;
  readonly name: string;
  readonly scope: LockScope;
  readonly holder: LockHolder;
  readonly acquiredAt: number;
  readonly ttlMs: number;
}

export interface LockRequest {
  readonly name: string;
  readonly scope: LockScope;
  readonly ttlMs: number;
}

export function lockKey(name: string, scope: LockScope, owner: OwnerId): string {
  return scope === 'global' ? `global:${name}` : `owner:${owner}:${name}`;
}

/** A new lock for `holder`; the name must be a slug and the ttl within 60 s .. 24 h. */
export function createLock(request: LockRequest, holder: LockHolder, now: number): Lock {
  if (!isSlug(request.name)) {
    throw new InvalidArgumentError(
      `Lock name '${request.name.slice(0, 80)}' is not a slug (3-64 of a-z, 0-9 and '-', starting and ending with a letter or digit)`,
    );
  }
  checkLockTtl(request.ttlMs);
  return {
    key: lockKey(request.name, request.scope, holder.owner),
    name: request.name,
    scope: request.scope,
    holder,
    acquiredAt: now,
    ttlMs: request.ttlMs,
  };
}

function checkLockTtl(ttlMs: number): void {
  if (!Number.isInteger(ttlMs) || ttlMs < MIN_LOCK_TTL_MS || ttlMs > MAX_LOCK_TTL_MS) {
    throw new InvalidArgumentError(
      `Lock ttl must be a whole number of milliseconds from ${MIN_LOCK_TTL_MS} (60 s) to ${MAX_LOCK_TTL_MS} (24 h)`,
    );
  }
}

export function lockExpiresAt(lock: Lock): number {
  return lock.acquiredAt + lock.ttlMs;
}

export function isLockExpired(lock: Lock, now: number): boolean {
  return now >= lockExpiresAt(lock);
}

export function isHeldBy(lock: Lock, holder: LockHolder): boolean {
  return lock.holder.owner === holder.owner && lock.holder.taskId === holder.taskId;
}
