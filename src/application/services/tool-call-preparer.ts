import { inject, injectable } from 'inversify';
import type { z } from 'zod';
import { createTask, resolveTtl, type JsonObject, type Task } from '../../domain/index.js';
import { AccessPolicy, callTool } from '../policy/access-policy.js';
import { TASK_POLICY, type TaskPolicy } from '../policy/task-policy.js';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { ID_GENERATOR, type IdGenerator } from '../ports/id-generator.js';
import type { Principal } from '../ports/identity-provider.js';
import type { TaskTool } from '../ports/task-tool.js';
import { InvalidToolArgumentsError } from '../shared/errors.js';
import { ToolRegistry } from './tool-registry.js';

/** A tools/call as the caller made it. */
export interface ToolCall {
  readonly toolName: string;
  readonly arguments: JsonObject;
  /** The client's requested ttl, unchecked: undefined means "the default". */
  readonly ttl?: unknown;
}

/** A call found fit to run: the tool, its arguments as its schema parsed them, its new task. */
export interface PreparedCall {
  readonly tool: TaskTool;
  readonly args: unknown;
  /** The task the call creates, not stored yet. */
  readonly task: Task;
}

/**
 * Everything about a call that can be checked before anything is taken or stored: the caller's
 * scopes for the tool, that the tool exists, the ttl, and the arguments against the tool's schema
 * (a refusal of those is a security event). Then the new task, within the variable limits.
 */
@injectable()
export class ToolCallPreparer {
  constructor(
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(ToolRegistry) private readonly tools: ToolRegistry,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
    @inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  prepare(principal: Principal, call: ToolCall): PreparedCall {
    this.access.authorize(principal, callTool(call.toolName));
    const tool = this.tools.get(call.toolName);
    const ttlMs = resolveTtl(call.ttl, this.policy.ttl);
    const parsed = tool.inputSchema.safeParse(call.arguments);
    if (!parsed.success) refuseArguments(this.audit, principal, tool.name, parsed.error.issues);
    const task = createTask(
      {
        id: this.ids.newTaskId(),
        owner: principal.owner,
        toolName: tool.name,
        ttlMs,
        pollIntervalMs: this.policy.pollIntervalMs,
        variables: call.arguments,
        now: this.clock.now(),
      },
      this.policy.variables,
    );
    return { tool, args: parsed.data, task };
  }
}

/**
 * Refuses arguments a tool's schema does not take, naming the first few problems: recorded as a
 * security event (probing for what a tool will run), then InvalidToolArgumentsError. Every tool's
 * arguments are refused this way, the task tools' and the server's own ordinary tools' alike.
 */
export function refuseArguments(
  audit: AuditLog,
  principal: Principal,
  toolName: string,
  issues: readonly z.core.$ZodIssue[],
): never {
  const details = issues
    .slice(0, 5)
    .map(
      (issue) =>
        `${clipped(issue.path.join('.'), 64) || '(arguments)'}: ${clipped(issue.message, 200)}`,
    )
    .join('; ');
  audit.record({
    event: 'parameter.refused',
    severity: 'warn',
    owner: principal.owner,
    detail: { tool: toolName, problems: details },
  });
  throw new InvalidToolArgumentsError(`Invalid arguments for tool '${toolName}': ${details}`);
}

/** Text made of what the client named (an argument's path, its unknown keys), cut short. */
function clipped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
