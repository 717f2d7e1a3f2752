import { inject, injectable } from 'inversify';
import { INPUT_CHECK, type InputCheck } from '../../../application/ports/input-check.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import type { TaskTool } from '../../../application/ports/task-tool.js';
import { TaskWatch } from '../../../application/services/task-watch.js';
import { ToolRegistry } from '../../../application/services/tool-registry.js';
import {
  elicitationRequest,
  readElicitationAnswer,
  type AnyElicitOutcome,
} from '../../../application/tool-kit/elicitation.js';
import { CreateTask } from '../../../application/use-cases/create-task.js';
import { RunToolNow } from '../../../application/use-cases/run-tool-now.js';
import { isTerminal, type JsonObject, type Task } from '../../../domain/index.js';
import { parseParams } from '../request-params.js';
import { missingCapability, missingTasks } from './capability-errors.js';
import { toTaskHandle } from './detailed-task.js';
import { CallToolParams } from './params.js';
import type { RequestMeta } from './request-meta.js';

/** The key of a tool's first question in an InputRequiredResult (one question per call). */
const FIRST_QUESTION_KEY = 'first-question';

/** tools/call under 2026-07-28: a task handle, an inline result, or a question first. */
@injectable()
export class ToolCall2026 {
  constructor(
    @inject(ToolRegistry) private readonly registry: ToolRegistry,
    @inject(CreateTask) private readonly createTask: CreateTask,
    @inject(RunToolNow) private readonly runToolNow: RunToolNow,
    @inject(TaskWatch) private readonly watch: TaskWatch,
    @inject(INPUT_CHECK) private readonly inputCheck: InputCheck,
  ) {}

  /**
   * A task tool becomes a task for a client that takes task handles; otherwise an `optional` one
   * runs inline and a `required` one needs the extension. A run that would ask the client
   * something cannot ask an inline caller (2026-07-28 sends no requests of its own): it is
   * stopped and the client told to declare the extension.
   */
  async call(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
    signal: AbortSignal,
  ): Promise<JsonObject> {
    const { name, arguments: args, inputResponses } = parseParams(CallToolParams, params);
    const tool = this.registry.get(name);
    const first = this.firstQuestion(tool, args, meta, inputResponses);
    if (first.ask) return first.ask;
    const firstAnswer = first.answer ? { firstAnswer: first.answer } : {};
    if (meta.declaresTasks && tool.taskSupport !== 'forbidden') {
      const task = await this.createTask.run(principal, {
        toolName: name,
        arguments: args,
        ...firstAnswer,
      });
      return toTaskHandle(task);
    }
    if (tool.taskSupport === 'required') throw missingTasks(`Tool '${name}' runs only as a task`);
    const stop = new AbortController();
    const forward = (): void => stop.abort();
    signal.addEventListener('abort', forward, { once: true });
    let asked = false;
    try {
      const outcome = await this.runToolNow.run(principal, name, args, {
        signal: stop.signal,
        onStart: (task) => this.stopIfItAsks(task, stop, () => (asked = true)),
        ...firstAnswer,
      });
      return { ...(outcome.result as JsonObject), resultType: 'complete' };
    } catch (error) {
      if (asked) {
        throw missingTasks(
          `Tool '${name}' needs input while it runs, which reaches a client only through a task`,
        );
      }
      throw error;
    } finally {
      signal.removeEventListener('abort', forward);
      stop.abort();
    }
  }

  /**
   * The tool's first question, settled within the call (a multi round-trip request): asked as an
   * InputRequiredResult until the call comes again with its answer in `inputResponses`, which is
   * then checked against the question. Arguments the tool refuses are left to CreateTask to say.
   */
  private firstQuestion(
    tool: TaskTool,
    args: JsonObject,
    meta: RequestMeta,
    inputResponses: Record<string, JsonObject> | undefined,
  ): { readonly ask?: JsonObject; readonly answer?: AnyElicitOutcome } {
    const parsed = tool.inputSchema.safeParse(args);
    const question = parsed.success ? tool.firstQuestion?.(parsed.data) : undefined;
    if (!question) return {};
    if (meta.capabilities.elicitation === undefined) {
      throw missingCapability(
        { elicitation: {} },
        `Tool '${tool.name}' asks a question before it starts, by elicitation`,
      );
    }
    const request = elicitationRequest(question);
    const response = inputResponses?.[FIRST_QUESTION_KEY];
    if (!response) {
      return {
        ask: {
          resultType: 'input_required',
          inputRequests: { [FIRST_QUESTION_KEY]: request } as unknown as JsonObject,
        },
      };
    }
    this.inputCheck.check(request, response);
    return { answer: readElicitationAnswer(question.requestedSchema, response) };
  }

  private stopIfItAsks(task: Task, stop: AbortController, onAsked: () => void): void {
    this.watch
      .until(
        task.owner,
        task.id,
        (current) =>
          current.status === 'input_required'
            ? true
            : isTerminal(current.status)
              ? false
              : undefined,
        stop.signal,
      )
      .then(
        (needsInput) => {
          if (!needsInput) return;
          onAsked();
          stop.abort();
        },
        () => undefined,
      );
  }
}
