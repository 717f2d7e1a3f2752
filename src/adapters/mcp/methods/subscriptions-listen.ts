import { inject, injectable } from 'inversify';
import { READ_TASKS, type Operation } from '../../../application/policy/access-policy.js';
import type { JsonObject, Task } from '../../../domain/index.js';
import { isObject } from '../inbound/json-reader.js';
import { own } from '../inbound/request-meta.js';
import { invalidParams } from '../json-rpc/error-table.js';
import { notification } from '../json-rpc/messages.js';
import { toDetailedTask } from '../presentation/task-handle.js';
import { META_2026 } from '../protocol-versions.js';
import { LISTEN_LIMITS, type ListenLimits } from '../subscriptions/listen-limits.js';
import { TaskSubscriptions } from '../subscriptions/task-subscriptions.js';
import { requireTasksExtension } from './capability-errors.js';
import type { McpMethod, MethodVersion, RawParams, Scope2026 } from './mcp-method.js';

/** Characters of one task id a listen names (ours are far shorter; longer names no task). */
const MAX_TASK_ID_LENGTH = 128;

/** What a listen asks for: the one notification type this server sends, for these tasks. */
interface ListenFilter {
  /** Undefined when the client did not ask for task notifications. */
  readonly taskIds?: readonly string[];
}

/**
 * subscriptions/listen (2026-07-28): a stream of the notifications the client opts in to. This
 * server sends one type, the tasks extension's notifications/tasks, for the task ids the listen
 * names: the acknowledgement first, then each task as tasks/get would show it, as it stands and
 * on every change, until the client closes the stream (or, on stdio, cancels the request); a
 * shutdown ends it with a `complete` result. Every id named is acknowledged: another owner's task
 * and an unknown id are acknowledged alike and never heard of. Other notification types are
 * left out of the acknowledgement, as the protocol asks of types a server does not send.
 */
@injectable()
export class SubscriptionsListen implements McpMethod {
  readonly name = 'subscriptions/listen';
  readonly v2026: MethodVersion<ListenFilter, Scope2026>;

  constructor(
    @inject(TaskSubscriptions) subscriptions: TaskSubscriptions,
    @inject(LISTEN_LIMITS) limits: ListenLimits,
  ) {
    this.v2026 = {
      parse: (params) => readFilter(params, limits.maxTaskIds),
      async serve({ taskIds }, scope) {
        if (taskIds) requireTasksExtension(scope.meta, 'notifications/tasks');
        const onStream = { [META_2026.subscriptionId]: scope.requestId };
        await subscriptions.listen(scope.principal, taskIds ?? [], {
          signal: scope.signal,
          acknowledge: () =>
            scope.relate(
              notification('notifications/subscriptions/acknowledged', {
                _meta: onStream,
                notifications: taskIds ? { taskIds: [...taskIds] } : {},
              }),
            ),
          tell: (task) =>
            scope.relate(notification('notifications/tasks', taskNotice(task, onStream))),
        });
        return { resultType: 'complete', _meta: onStream };
      },
    };
  }

  operation(): Operation {
    return READ_TASKS;
  }
}

/** notifications/tasks params: the task as tasks/get shows it, on the subscription. */
function taskNotice(task: Task, onStream: JsonObject): JsonObject {
  const { resultType: _resultType, ...detailed } = toDetailedTask(task);
  return { ...detailed, _meta: onStream };
}

function readFilter(params: RawParams, maxTaskIds: number): ListenFilter {
  const filter = own(params, 'notifications');
  if (!isObject(filter)) throw invalidParams('params.notifications must be an object');
  const taskIds = own(filter, 'taskIds');
  if (taskIds === undefined) return {};
  if (!Array.isArray(taskIds)) {
    throw invalidParams('params.notifications.taskIds must be an array of task ids');
  }
  if (taskIds.length > maxTaskIds) {
    throw invalidParams(`params.notifications.taskIds names more than ${maxTaskIds} tasks`);
  }
  for (const id of taskIds) {
    if (typeof id !== 'string' || id.length > MAX_TASK_ID_LENGTH) {
      throw invalidParams(
        `each of params.notifications.taskIds must be a string of at most ${MAX_TASK_ID_LENGTH} characters`,
        true,
      );
    }
  }
  return { taskIds: [...new Set(taskIds as string[])] };
}
