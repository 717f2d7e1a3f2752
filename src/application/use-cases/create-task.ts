import { inject, injectable } from 'inversify';
import {
  createTask,
  ResourceExhaustedError,
  resolveTtl,
  type JsonObject,
  type Task,
} from '../../domain/index.js';
import { AccessPolicy, callTool } from '../policy/access-policy.js';
import { InvalidToolArgumentsError, ServerBusyError } from '../shared/errors.js';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { LockManager } from '../services/lock-manager.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../ports/id-generator.js';
import type { Principal } from '../ports/identity-provider.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { TaskRunner } from '../services/task-runner.js';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';
import { ToolRegistry } from '../services/tool-registry.js';
import { WorkAdmission } from '../services/work-admission.js';
import type { RunCaller } from '../tool-kit/task-context.js';
import { ProcessSlots, releaseAll, type Hold } from '../services/process-slots.js';

export interface CreateTaskRequest {
  readonly toolName: string;
  readonly arguments: JsonObject;
  /** The client's requested ttl, unchecked: undefined means "the default". */
  readonly ttl?: unknown;
  /** What the caller brings to the run: a progress listener, a first answer, its reach. */
  readonly caller?: RunCaller;
}

/**
 * Starts a tool as a task: checks the tool, its arguments and the ttl, takes a process slot if the
 * tool starts a process and the tool's lock if it declares one, stores the task within the owner's
 * limits, then runs the tool in the background. Nothing runs, nothing is stored and no slot or lock
 * is kept if any step fails, or once the server has begun to shut down.
 */
@injectable()
export class CreateTask {
  constructor(
    @inject(ToolRegistry) private readonly tools: ToolRegistry,
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(LockManager) private readonly locks: LockManager,
    @inject(WorkAdmission) private readonly admission: WorkAdmission,
    @inject(ProcessSlots) private readonly processSlots: ProcessSlots,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async run(principal: Principal, request: CreateTaskRequest): Promise<Task> {
    this.admission.assertOpen();
    this.access.authorize(principal, callTool(request.toolName));
    const tool = this.tools.get(request.toolName);
    const ttlMs = resolveTtl(request.ttl, this.policy.ttl);
    const parsed = tool.inputSchema.safeParse(request.arguments);
    if (!parsed.success) {
      const details = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.path.join('.') || '(arguments)'}: ${issue.message}`)
        .join('; ');
      this.audit.record({
        event: 'parameter.refused',
        severity: 'warn',
        owner: principal.owner,
        detail: { tool: tool.name, problems: details },
      });
      throw new InvalidToolArgumentsError(`Invalid arguments for tool '${tool.name}': ${details}`);
    }
    const task = createTask(
      {
        id: this.ids.newTaskId(),
        owner: principal.owner,
        toolName: tool.name,
        ttlMs,
        pollIntervalMs: this.policy.pollIntervalMs,
        variables: request.arguments,
        now: this.clock.now(),
      },
      this.policy.variables,
    );
    const holds: Hold[] = [];
    try {
      if (tool.startsProcess) holds.push(this.processSlots.take());
      const lockRequest = tool.lock?.(parsed.data);
      if (lockRequest) {
        holds.push(await this.locks.acquire(lockRequest, { owner: task.owner, taskId: task.id }));
      }
      await this.store.insert(principal.owner, task);
    } catch (error) {
      await releaseAll(holds);
      this.recordRefusal(principal, tool.name, error);
      throw error;
    }
    this.logger.info('task created', { owner: principal.owner, task: task.id, tool: tool.name });
    this.audit.record({
      event: 'task.created',
      severity: 'info',
      owner: principal.owner,
      detail: { task: task.id, tool: tool.name, ttlMs: task.ttlMs },
    });
    this.runner.start(task, tool, parsed.data, holds, request.caller);
    return task;
  }

  /** The owner's limits and the server's capacity refusing a call are security events. */
  private recordRefusal(principal: Principal, tool: string, error: unknown): void {
    if (error instanceof ResourceExhaustedError) {
      this.audit.record({
        event: 'quota.exceeded',
        severity: 'warn',
        owner: principal.owner,
        detail: { tool, limit: error.message },
      });
    } else if (error instanceof ServerBusyError) {
      this.audit.record({
        event: 'capacity.refused',
        severity: 'warn',
        owner: principal.owner,
        detail: { tool, capacity: error.capacity },
      });
    }
  }
}
