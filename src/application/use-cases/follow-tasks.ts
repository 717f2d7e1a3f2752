import { inject, injectable } from 'inversify';
import { asTaskId, isTerminal, type Task, type TaskId } from '../../domain/index.js';
import { AccessPolicy, READ_TASKS } from '../policy/access-policy.js';
import type { Principal } from '../ports/identity-provider.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { messageOf } from '../shared/errors.js';
import { TASK_EVENTS, type TaskEvents, type Unsubscribe } from '../ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

/** Told each state of a followed task, newest last. */
export type FollowListener = (task: Task) => void;

/**
 * Follows some of the caller's tasks (a subscriptions/listen): the listener is told each one's
 * state as it stands now, then every change, whichever replica made it (TaskEvents), in the
 * order of the task's versions, never an older state after a newer one; a terminal state is the
 * last it hears of a task. Changes that supersede each other before a replica hears of them
 * coalesce into the newest, as a tasks/get would show them. Names that are not the caller's
 * tasks (another owner's, unknown, not even an id) are followed just the same and never heard
 * of: the store and the events are keyed by owner.
 */
@injectable()
export class FollowTasks {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Starts following; the returned function stops it (and is safe to call more than once). */
  start(principal: Principal, names: readonly string[], listener: FollowListener): Unsubscribe {
    this.access.authorize(principal, READ_TASKS);
    const stops: Unsubscribe[] = [];
    for (const name of new Set(names)) {
      const id = asTaskId(name);
      if (id) stops.push(this.follow(principal, id, listener));
    }
    return () => {
      for (const stop of stops.splice(0)) stop();
    };
  }

  private follow(principal: Principal, id: TaskId, listener: FollowListener): Unsubscribe {
    let newest = -1;
    let done = false;
    const tell = (task: Task): void => {
      if (done || task.version <= newest) return;
      newest = task.version;
      if (isTerminal(task.status)) stop();
      listener(task);
    };
    const unsubscribe = this.events.subscribe(principal.owner, id, tell);
    const stop = (): void => {
      done = true;
      unsubscribe();
    };
    // Subscribed first, read second: a change between the two is not missed, and whichever of
    // the read and the change is newer wins.
    this.store.get(principal.owner, id).then(
      (task) => task && tell(task),
      // The changes still come; the state as it stands is only a head start.
      (error: unknown) =>
        this.logger.warn('could not read a followed task', { error: messageOf(error) }),
    );
    return stop;
  }
}
