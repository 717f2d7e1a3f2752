import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { FollowTasks, type FollowListener } from '../../../application/use-cases/follow-tasks.js';
import type { OwnerId } from '../../../domain/index.js';
import { RPC_CODES } from '../json-rpc/rpc-codes.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import { LISTEN_LIMITS, type ListenLimits } from './listen-limits.js';

/** What one listen does with its stream. */
export interface ListenStream {
  /** Called once the listen holds its place, before any task is told. */
  acknowledge(): void;
  /** Told each state of a followed task. */
  tell: FollowListener;
  /** Fires when the client goes away or cancels the listen. */
  readonly signal: AbortSignal;
}

/**
 * Every open subscriptions/listen of this replica, within the listen limits: per owner, and all
 * together. A shutdown ends them all gracefully (each listen then answers its request).
 */
@injectable()
export class TaskSubscriptions {
  private readonly ends = new Set<() => void>();
  private readonly byOwner = new Map<OwnerId, number>();

  constructor(
    @inject(FollowTasks) private readonly followTasks: FollowTasks,
    @inject(LISTEN_LIMITS) private readonly limits: ListenLimits,
  ) {}

  /** How many listens are open. */
  get size(): number {
    return this.ends.size;
  }

  /**
   * Serves one listen: refuses it over the limits (-32000 per owner, -32007 for the server),
   * else acknowledges it and follows the caller's tasks named in `taskIds` until the listen ends.
   * Resolves when the server ends it (shutdown), or once the client has gone away.
   */
  async listen(principal: Principal, taskIds: readonly string[], stream: ListenStream) {
    const { owner } = principal;
    const held = this.byOwner.get(owner) ?? 0;
    if (held >= this.limits.perOwner) {
      throw new RpcError(
        RPC_CODES.resourceExhausted,
        `Too many open subscriptions: at most ${this.limits.perOwner} per caller; close one first`,
      );
    }
    if (this.ends.size >= this.limits.total) {
      throw new RpcError(
        RPC_CODES.serverBusy,
        'The server holds as many subscriptions as it can; try again later',
      );
    }
    const { signal } = stream;
    if (signal.aborted) return;
    // Nothing a follow tells comes before the next turn of the event loop (a stored task is read,
    // a change is announced), so the acknowledgement, sent in this one, is always first.
    const stop = this.followTasks.start(principal, taskIds, stream.tell);
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    this.ends.add(end);
    this.byOwner.set(owner, held + 1);
    signal.addEventListener('abort', end, { once: true });
    try {
      stream.acknowledge();
      await ended;
    } finally {
      stop();
      this.ends.delete(end);
      signal.removeEventListener('abort', end);
      this.release(owner);
    }
  }

  /** Ends every open listen gracefully: each answers its request, then its stream closes. */
  endAll(): void {
    for (const end of [...this.ends]) end();
  }

  private release(owner: OwnerId): void {
    const held = (this.byOwner.get(owner) ?? 1) - 1;
    if (held <= 0) this.byOwner.delete(owner);
    else this.byOwner.set(owner, held);
  }
}
