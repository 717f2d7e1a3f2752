import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../../application/ports/logger.js';
import { INPUT_CHECK, type InputCheck } from '../../../application/ports/input-check.js';
import type { TaskTool } from '../../../application/ports/task-tool.js';
import { TaskWatch } from '../../../application/services/task-watch.js';
import {
  elicitationRequest,
  readElicitationAnswer,
  type AnyElicitOutcome,
} from '../../../application/tool-kit/elicitation.js';
import { ToolRegistry } from '../../../application/services/tool-registry.js';
import { AnswerTaskInput } from '../../../application/use-cases/answer-task-input.js';
import { CancelTask } from '../../../application/use-cases/cancel-task.js';
import { CreateTask } from '../../../application/use-cases/create-task.js';
import { GetTask } from '../../../application/use-cases/get-task.js';
import { RunToolNow } from '../../../application/use-cases/run-tool-now.js';
import {
  InvalidTransitionError,
  isTerminal,
  type JsonObject,
  type Task,
} from '../../../domain/index.js';
import { toRpcError } from '../error-mapping.js';
import { parseParams, TaskIdParams } from '../request-params.js';
import { RpcError } from '../rpc-error.js';
import { SERVER_INFO, type ServerInfo } from '../server-info.js';
import { toToolDefinition } from '../tool-listing.js';
import { EXPIRED_META_KEY } from '../wire-task.js';
import { toDetailedTask, toTaskHandle } from './detailed-task.js';
import { readRequestMeta, type RequestMeta } from './request-meta.js';
import { UpdateTaskParams, CallToolParams } from './params.js';
import {
  META,
  MISSING_CLIENT_CAPABILITY,
  SUPPORTED_VERSIONS,
  TASKS_EXTENSION,
  TASKS_REQUIRED,
} from './wire.js';

/** One 2026-07-28 JSON-RPC request, as the HTTP layer read it. */
export interface Request2026 {
  readonly id: string | number;
  readonly method: string;
  readonly params?: unknown;
}

const COMPLETE = Object.freeze({ resultType: 'complete' });

/** The key of a tool's first question in an InputRequiredResult (one question per call). */
const FIRST_QUESTION_KEY = 'first-question';

/**
 * The 2026-07-28 base protocol, as much of it as a client needs to reach tasks, and the tasks
 * extension (SEP-2663) on it. Every request stands alone: the client's capabilities come with it,
 * so one request may take task handles and the next not. Handlers call the same use cases as the
 * 2025-11-25 server, under the caller's principal; nothing here keeps state between requests.
 */
@injectable()
export class Mcp2026Handler {
  private readonly tools: JsonObject[];

  constructor(
    @inject(ToolRegistry) private readonly registry: ToolRegistry,
    @inject(CreateTask) private readonly createTask: CreateTask,
    @inject(RunToolNow) private readonly runToolNow: RunToolNow,
    @inject(GetTask) private readonly getTask: GetTask,
    @inject(CancelTask) private readonly cancelTask: CancelTask,
    @inject(AnswerTaskInput) private readonly answerInput: AnswerTaskInput,
    @inject(TaskWatch) private readonly watch: TaskWatch,
    @inject(INPUT_CHECK) private readonly inputCheck: InputCheck,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(SERVER_INFO) private readonly info: ServerInfo,
  ) {
    // The extension is server-directed: 2026-07-28 tools carry no execution.taskSupport.
    this.tools = registry.all().map((tool) => {
      const { execution: _execution, ...definition } = toToolDefinition(tool);
      return definition as JsonObject;
    });
  }

  /** The result of `request`, or throws the RpcError to answer with. */
  async handle(
    request: Request2026,
    principal: Principal,
    signal: AbortSignal,
  ): Promise<JsonObject> {
    try {
      return await this.dispatch(request, principal, signal);
    } catch (error) {
      throw toRpcError(error, this.logger);
    }
  }

  private async dispatch(
    request: Request2026,
    principal: Principal,
    signal: AbortSignal,
  ): Promise<JsonObject> {
    const known = this.method(request.method);
    if (!known) {
      throw new RpcError(ErrorCode.MethodNotFound, `Method not found: ${clip(request.method)}`);
    }
    const meta = readRequestMeta(request.params);
    return known(request.params as Record<string, unknown>, meta, principal, signal);
  }

  private method(name: string): Handler | undefined {
    switch (name) {
      case 'server/discover':
        return () => Promise.resolve(this.discover());
      case 'tools/list':
        return () =>
          Promise.resolve({ ...COMPLETE, tools: this.tools, ttlMs: 0, cacheScope: 'private' });
      case 'tools/call':
        return (params, meta, principal, signal) => this.callTool(params, meta, principal, signal);
      case 'tasks/get':
        return (params, meta, principal) => this.tasksGet(params, meta, principal);
      case 'tasks/update':
        return (params, meta, principal) => this.tasksUpdate(params, meta, principal);
      case 'tasks/cancel':
        return (params, meta, principal) => this.tasksCancel(params, meta, principal);
      default:
        // tasks/result and tasks/list are not part of the extension; initialize, ping and the
        // rest are 2025-11-25's (or not this server's).
        return undefined;
    }
  }

  private discover(): JsonObject {
    return {
      ...COMPLETE,
      supportedVersions: [...SUPPORTED_VERSIONS],
      capabilities: { tools: { listChanged: false }, extensions: { [TASKS_EXTENSION]: {} } },
      ttlMs: 0,
      cacheScope: 'public',
      _meta: { [META.serverInfo]: { name: this.info.name, version: this.info.version } },
    };
  }

  /**
   * A task tool becomes a task for a client that takes task handles; otherwise an `optional` one
   * runs inline and a `required` one needs the extension. A run that would ask the client
   * something cannot ask an inline caller (2026-07-28 sends no requests of its own): it is
   * stopped and the client told to declare the extension.
   */
  private async callTool(
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

  private async tasksGet(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
  ): Promise<JsonObject> {
    requireTasks(meta, 'tasks/get');
    const { taskId } = parseParams(TaskIdParams, params);
    const view = await this.getTask.run(principal, taskId);
    const detailed = toDetailedTask(view.task);
    return view.expired ? { ...detailed, _meta: { [EXPIRED_META_KEY]: true } } : detailed;
  }

  private async tasksUpdate(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
  ): Promise<JsonObject> {
    requireTasks(meta, 'tasks/update');
    const { taskId, inputResponses } = parseParams(UpdateTaskParams, params);
    await this.answerInput.run(principal, taskId, inputResponses as Record<string, JsonObject>);
    return { ...COMPLETE };
  }

  /** An acknowledgement, also for a task already ended: cancelling is a wish, not a query. */
  private async tasksCancel(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
  ): Promise<JsonObject> {
    requireTasks(meta, 'tasks/cancel');
    const { taskId } = parseParams(TaskIdParams, params);
    try {
      await this.cancelTask.run(principal, taskId);
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
    }
    return { ...COMPLETE };
  }
}

type Handler = (
  params: Record<string, unknown>,
  meta: RequestMeta,
  principal: Principal,
  signal: AbortSignal,
) => Promise<JsonObject>;

function requireTasks(meta: RequestMeta, method: string): void {
  if (!meta.declaresTasks) throw missingTasks(`${method} is part of the tasks extension`);
}

function missingTasks(why: string): RpcError {
  return new RpcError(
    MISSING_CLIENT_CAPABILITY,
    `Missing required client capability: ${why}; declare "${TASKS_EXTENSION}" in the request's client capabilities`,
    TASKS_REQUIRED,
  );
}

function missingCapability(required: JsonObject, why: string): RpcError {
  return new RpcError(
    MISSING_CLIENT_CAPABILITY,
    `Missing required client capability: ${why}; declare ${Object.keys(required).join(', ')} in the request's client capabilities`,
    { requiredCapabilities: required },
  );
}

function clip(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}...` : text;
}
