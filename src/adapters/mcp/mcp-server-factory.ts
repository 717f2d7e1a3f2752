import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import {
  RELATED_TASK_META_KEY,
  type CallToolRequest,
  type ProgressToken,
  type ServerNotification,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../application/ports/identity-provider.js';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { TASK_EVENTS, type TaskEvents } from '../../application/ports/task-events.js';
import { RateLimits } from '../../application/services/rate-limits.js';
import { TaskForbiddenError } from '../../application/shared/errors.js';
import { ToolRegistry } from '../../application/services/tool-registry.js';
import type { ProgressListener } from '../../application/tool-kit/task-context.js';
import { TaskWatch } from '../../application/services/task-watch.js';
import { AnswerTaskInput } from '../../application/use-cases/answer-task-input.js';
import { AwaitTaskResult } from '../../application/use-cases/await-task-result.js';
import { CancelTask } from '../../application/use-cases/cancel-task.js';
import { CreateTask } from '../../application/use-cases/create-task.js';
import { GetTask } from '../../application/use-cases/get-task.js';
import { ListTasks } from '../../application/use-cases/list-tasks.js';
import { RunToolNow } from '../../application/use-cases/run-tool-now.js';
import type { JsonObject, JsonValue } from '../../domain/index.js';
import { requestContext, type RequestContext } from '../audit/request-context.js';
import { toRpcError } from './error-mapping.js';
import type { HandlerExtra } from './handler-extra.js';
import { InputRelay, type InputRelayDeps } from './input-relay.js';
import { ListTasksParams, methodOnly, parseParams, TaskIdParams } from './request-params.js';
import { TaskStatusNotifier } from './task-status-notifier.js';
import { SERVER_INFO, type ServerInfo } from './server-info.js';
import { toToolDefinition } from './tool-listing.js';
import { EXPIRED_META_KEY, toWireTask } from './wire-task.js';

const METHODS = {
  toolsList: methodOnly('tools/list'),
  toolsCall: methodOnly('tools/call'),
  tasksGet: methodOnly('tasks/get'),
  tasksResult: methodOnly('tasks/result'),
  tasksList: methodOnly('tasks/list'),
  tasksCancel: methodOnly('tasks/cancel'),
};

const CAPABILITIES = {
  tools: { listChanged: false },
  // logging/setLevel is answered (by the SDK's Server, per session); tools send no log messages.
  logging: {},
  tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
};

type LooseRequest = { readonly [key: string]: unknown };

/** How one connection learns who is calling. */
export interface ConnectionOptions {
  /** The caller of one request; throws when the transport brought no authenticated principal. */
  readonly principalOf: (extra: HandlerExtra) => Principal;
  /** Send notifications/tasks/status: only where a stream outlives the request (stdio, sessions). */
  readonly statusNotifications: boolean;
  /**
   * The Server serves one client (stdio, a session), so what it declared at initialize holds for
   * all its requests. Stateless, it is not known per request and assumed to allow what is asked.
   */
  readonly singleClient?: boolean;
  /**
   * Spend the caller's rate-limit budgets per message and refuse in-band. Off where the transport
   * has already spent them (HTTP answers 429 before a message reaches the server).
   */
  readonly rateLimitInBand?: boolean;
  /**
   * Who a message came from, for the audit trail, where the transport has not said it already
   * (HTTP sets it per request; stdio has one client and no request of its own).
   */
  readonly requestContextOf?: (extra: HandlerExtra) => RequestContext;
}

/**
 * Builds the SDK's low-level Server with our own handlers for tools and tasks. Task state never
 * goes to the SDK's task plumbing: every handler resolves the caller's principal and calls a use
 * case with it.
 */
@injectable()
export class McpServerFactory {
  private readonly toolDefinitions: Tool[];
  // A Server builds its own Ajv instance unless given one: in stateless mode that would happen on
  // every request and dominate its cost. One shared validator serves every Server we create.
  private readonly jsonSchemaValidator = new AjvJsonSchemaValidator();
  private readonly relayDeps: InputRelayDeps;

  constructor(
    @inject(ToolRegistry) private readonly tools: ToolRegistry,
    @inject(CreateTask) private readonly createTask: CreateTask,
    @inject(RunToolNow) private readonly runToolNow: RunToolNow,
    @inject(GetTask) private readonly getTask: GetTask,
    @inject(AwaitTaskResult) private readonly awaitResult: AwaitTaskResult,
    @inject(ListTasks) private readonly listTasks: ListTasks,
    @inject(CancelTask) private readonly cancelTask: CancelTask,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(SERVER_INFO) private readonly info: ServerInfo,
    @inject(RateLimits) private readonly rateLimits: RateLimits,
    @inject(TaskWatch) watch: TaskWatch,
    @inject(AnswerTaskInput) answer: AnswerTaskInput,
  ) {
    this.toolDefinitions = tools.all().map(toToolDefinition);
    this.relayDeps = { watch, answer, logger };
  }

  create(connection: ConnectionOptions): Server {
    const server = new Server(
      { name: this.info.name, version: this.info.version },
      { capabilities: CAPABILITIES, jsonSchemaValidator: this.jsonSchemaValidator },
    );
    const notifier = connection.statusNotifications
      ? new TaskStatusNotifier(server, this.events)
      : undefined;
    if (notifier) server.onclose = () => notifier.close();
    const principalOf = connection.principalOf;
    const elicits = (): boolean =>
      !connection.singleClient || server.getClientCapabilities()?.elicitation !== undefined;
    const admit = connection.rateLimitInBand
      ? (request: LooseRequest, extra: HandlerExtra) =>
          this.admitInBand(principalOf(extra), request)
      : undefined;
    const guard =
      <Result>(handle: (request: LooseRequest, extra: HandlerExtra) => Promise<Result>) =>
      async (request: LooseRequest, extra: HandlerExtra): Promise<Result> => {
        const serve = async (): Promise<Result> => {
          try {
            await admit?.(request, extra);
            return await handle(request, extra);
          } catch (error) {
            throw toRpcError(error, this.logger);
          }
        };
        const contextOf = connection.requestContextOf;
        return contextOf ? requestContext.run(contextOf(extra), serve) : serve();
      };

    server.setRequestHandler(
      METHODS.toolsList,
      guard(async () => ({ tools: this.toolDefinitions })),
    );

    server.setRequestHandler(
      METHODS.toolsCall,
      guard(async (request, extra) => {
        // The SDK has already validated these params against CallToolRequestSchema (-32602 if not).
        const params = request.params as CallToolRequest['params'];
        const principal = principalOf(extra);
        const args = (params.arguments ?? {}) as JsonObject;
        const token = params._meta?.progressToken;
        if (params.task) {
          // An unknown tool is CreateTask's to refuse, after it has checked the caller's scopes.
          if (
            this.tools.has(params.name) &&
            this.tools.get(params.name).taskSupport === 'forbidden'
          ) {
            throw new TaskForbiddenError(params.name);
          }
          // The token stays valid for the task's life; its progress outlives this request, so
          // it goes where the connection's notifications go (none in stateless mode).
          const onProgress =
            token !== undefined && connection.statusNotifications
              ? progressSender(token, (note) => server.notification(note))
              : undefined;
          const task = await this.createTask.run(principal, {
            toolName: params.name,
            arguments: args,
            ttl: params.task.ttl,
            ...(onProgress ? { onProgress } : {}),
          });
          notifier?.watch(task);
          return { task: toWireTask(task) };
        }
        const onProgress =
          token === undefined
            ? undefined
            : progressSender(token, (note) => extra.sendNotification(note));
        let relay: InputRelay | undefined;
        try {
          const outcome = await this.runToolNow.run(principal, params.name, args, {
            signal: extra.signal,
            ...(onProgress ? { onProgress } : {}),
            onStart: (task) => {
              relay = new InputRelay(this.relayDeps, principal, extra, elicits(), false);
              relay.start(task);
            },
          });
          return outcome.result as JsonObject;
        } finally {
          relay?.stop();
        }
      }),
    );

    server.setRequestHandler(
      METHODS.tasksGet,
      guard(async (request, extra) => {
        const { taskId } = parseParams(TaskIdParams, request.params);
        const view = await this.getTask.run(principalOf(extra), taskId);
        const wire = toWireTask(view.task);
        return view.expired ? { ...wire, _meta: { [EXPIRED_META_KEY]: true } } : wire;
      }),
    );

    server.setRequestHandler(
      METHODS.tasksResult,
      guard(async (request, extra) => {
        const { taskId } = parseParams(TaskIdParams, request.params);
        const principal = principalOf(extra);
        const { task } = await this.getTask.run(principal, taskId);
        // While the caller waits, the task's questions go to it on this request's stream.
        const relay = new InputRelay(this.relayDeps, principal, extra, elicits());
        relay.start(task);
        try {
          const outcome = await this.awaitResult.run(principal, taskId, extra.signal);
          return withRelatedTask(outcome.result, outcome.task.id);
        } finally {
          relay.stop();
        }
      }),
    );

    server.setRequestHandler(
      METHODS.tasksList,
      guard(async (request, extra) => {
        const params = parseParams(ListTasksParams, request.params);
        const listing = await this.listTasks.run(principalOf(extra), params?.cursor);
        const tasks = listing.tasks.map(toWireTask);
        return listing.nextCursor ? { tasks, nextCursor: listing.nextCursor } : { tasks };
      }),
    );

    server.setRequestHandler(
      METHODS.tasksCancel,
      guard(async (request, extra) => {
        const { taskId } = parseParams(TaskIdParams, request.params);
        return toWireTask(await this.cancelTask.run(principalOf(extra), taskId));
      }),
    );

    return server;
  }

  private async admitInBand(principal: Principal, request: LooseRequest): Promise<void> {
    await this.rateLimits.admitRequest(principal);
    if (request.method === 'tools/call') await this.rateLimits.admitCreates(principal, 1);
  }
}

/** A listener that sends each step as notifications/progress with `token`, never failing the run. */
function progressSender(
  token: ProgressToken,
  send: (notification: ServerNotification) => Promise<void>,
): ProgressListener {
  return (step) => {
    send({ method: 'notifications/progress', params: { progressToken: token, ...step } }).catch(
      () => undefined,
    );
  };
}

/** tasks/result must carry the related-task _meta; the tool's own _meta keys are kept. */
function withRelatedTask(result: JsonValue, taskId: string): JsonObject {
  const body = (result ?? {}) as JsonObject;
  const meta = (body._meta ?? {}) as JsonObject;
  return { ...body, _meta: { ...meta, [RELATED_TASK_META_KEY]: { taskId } } };
}
