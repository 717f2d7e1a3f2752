import { inject, injectable } from 'inversify';
import {
  answerInput,
  exceedsUtf8Bytes,
  InvalidArgumentError,
  isOutstanding,
  type JsonObject,
  type Task,
} from '../../domain/index.js';
import { AccessPolicy, ANSWER_TASKS } from '../policy/access-policy.js';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import type { Principal } from '../ports/identity-provider.js';
import { INPUT_CHECK, type InputCheck } from '../ports/input-check.js';
import { TaskUpdater } from '../services/task-updater.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

/** The caller's answers to a task's questions, by the keys the task gave them. */
export type InputResponses = Readonly<Record<string, JsonObject>>;

/**
 * Gives one of the caller's tasks the answers to questions it asked (tasks/update, or the reply to
 * an elicitation sent on a tasks/result stream). Answers to questions that are not outstanding are
 * ignored, as the tasks extension asks; an answer its question does not allow is refused, and then
 * nothing is recorded. Another owner's task is not found, exactly like a missing one.
 */
@injectable()
export class AnswerTaskInput {
  constructor(
    @inject(TaskUpdater) private readonly updater: TaskUpdater,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(INPUT_CHECK) private readonly inputCheck: InputCheck,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
  ) {}

  /** Resolves with the task as stored afterwards. */
  async run(principal: Principal, rawTaskId: string, responses: InputResponses): Promise<Task> {
    this.access.authorize(principal, ANSWER_TASKS);
    const id = parseTaskIdOrNotFound(rawTaskId);
    const limit = this.policy.variables.maxTotalBytes;
    if (exceedsUtf8Bytes(JSON.stringify(responses), limit)) {
      throw new InvalidArgumentError(`The answers exceed the limit of ${limit} bytes`);
    }
    return this.updater.update(principal.owner, id, (task) => {
      const now = this.clock.now();
      let next = task;
      for (const [key, response] of Object.entries(responses)) {
        if (!isOutstanding(next.input, key)) continue;
        const request = next.input!.requests[key]!;
        this.inputCheck.check(request, response);
        next = answerInput(next, now, key, response) ?? next;
      }
      return next === task ? undefined : next;
    });
  }
}
