import { inject, injectable } from 'inversify';
import type { Task } from '../../domain/index.js';
import { AccessPolicy, READ_TASKS } from '../policy/access-policy.js';
import type { Principal } from '../ports/identity-provider.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { CURSOR_SEAL, type CursorSeal } from '../ports/cursor-seal.js';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';

export interface TaskListing {
  readonly tasks: readonly Task[];
  readonly nextCursor?: string;
}

/** The caller's own tasks, a page at a time. There is no way to ask for anyone else's. */
@injectable()
export class ListTasks {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(CURSOR_SEAL) private readonly cursors: CursorSeal,
  ) {}

  async run(principal: Principal, cursor?: string): Promise<TaskListing> {
    this.access.authorize(principal, READ_TASKS);
    const owner = principal.owner;
    const after = cursor === undefined ? undefined : this.cursors.open(owner, cursor);
    const page = await this.store.list(owner, after, this.policy.listPageSize);
    return page.next
      ? { tasks: page.tasks, nextCursor: this.cursors.seal(owner, page.next) }
      : { tasks: page.tasks };
  }
}
