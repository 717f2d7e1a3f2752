import { inject, injectable } from 'inversify';
import { ANSWER_TASKS, type Operation } from '../../../application/policy/access-policy.js';
import { AnswerTaskInput } from '../../../application/use-cases/answer-task-input.js';
import type { JsonObject } from '../../../domain/index.js';
import { INBOUND_LIMITS, type InboundLimits } from '../inbound/inbound-limits.js';
import { requireTasksExtension } from './capability-errors.js';
import type { McpMethod, MethodVersion, Scope2026 } from './mcp-method.js';
import { answersIn, requiredString } from './param-readers.js';

interface Update {
  readonly taskId: string;
  readonly inputResponses: Readonly<Record<string, JsonObject>>;
}

/**
 * tasks/update (tasks extension only): answers to the task's open questions, keyed as tasks/get
 * showed them. Answers to keys that are not open are ignored; one that does not fit its question
 * is refused (-32602) and nothing is recorded.
 */
@injectable()
export class TasksUpdate implements McpMethod {
  readonly name = 'tasks/update';
  readonly routingField = 'taskId';
  readonly v2026: MethodVersion<Update, Scope2026>;

  constructor(
    @inject(AnswerTaskInput) answerInput: AnswerTaskInput,
    @inject(INBOUND_LIMITS) limits: InboundLimits,
  ) {
    this.v2026 = {
      parse: (params) => ({
        taskId: requiredString(params, 'taskId'),
        inputResponses: answersIn(params, limits.maxQuestionKeyLength, true)!,
      }),
      async serve({ taskId, inputResponses }, { principal, meta }) {
        requireTasksExtension(meta, 'tasks/update');
        await answerInput.run(principal, taskId, inputResponses);
        return { resultType: 'complete' };
      },
    };
  }

  operation(): Operation {
    return ANSWER_TASKS;
  }
}
