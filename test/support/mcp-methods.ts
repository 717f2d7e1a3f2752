import { RpcError } from '../../src/adapters/mcp/json-rpc/rpc-error.js';
import type { Container } from 'inversify';
import { z } from 'zod';
import type { Principal } from '../../src/application/ports/identity-provider.js';
import type { TaskTool, TaskSupport, ToolResult } from '../../src/application/ports/task-tool.js';
import { TaskWatch } from '../../src/application/services/task-watch.js';
import { AwaitTaskResult } from '../../src/application/use-cases/await-task-result.js';
import type { TaskContext, TaskProgress } from '../../src/application/tool-kit/task-context.js';
import type { JsonObject, Task, TaskId, TaskStatus } from '../../src/domain/index.js';
import { readRequestMeta, type RequestMeta } from '../../src/adapters/mcp/inbound/request-meta.js';
import { toRpcError } from '../../src/adapters/mcp/json-rpc/error-table.js';
import type { ClientReply } from '../../src/adapters/mcp/json-rpc/messages.js';
import type {
  ClientAnswer,
  ClientDeclaration,
  Question,
  RequestLink,
} from '../../src/adapters/mcp/link/request-link.js';
import type {
  McpMethod,
  RawParams,
  Scope2025,
  Scope2026,
} from '../../src/adapters/mcp/methods/mcp-method.js';
import { MethodTable } from '../../src/adapters/mcp/methods/method-table.js';
import {
  META_2026,
  PROTOCOL_2025,
  PROTOCOL_2026,
  TASKS_EXTENSION,
} from '../../src/adapters/mcp/protocol-versions.js';
import { silentLogger, testContainer } from './test-container.js';
import { GateTool } from './test-tools.js';

/**
 * A RequestLink that records what a method does with its connection: notifications, questions,
 * tasks followed, declarations and log levels. A question is answered by `answer`, if given, as
 * if `answeredBy` had replied; without one it stays open until the asker gives up.
 */
export class RecordingRequestLink implements RequestLink {
  readonly notified: { method: string; params: object }[] = [];
  readonly asked: Question[] = [];
  readonly followed: Task[] = [];
  readonly declared: ClientDeclaration[] = [];
  readonly logLevels: string[] = [];
  /** Progress sent on the connection's own stream, after the request, per token. */
  readonly lateProgress: { token: string | number; progress: TaskProgress }[] = [];

  constructor(
    readonly elicits: boolean | undefined = true,
    private readonly options: {
      readonly answer?: (question: Question) => ClientReply;
      readonly answeredBy?: Principal;
      /** Whether the connection has a stream of its own (a session, stdio); stateless has none. */
      readonly ownStream?: boolean;
    } = {},
  ) {}

  notify(method: string, params: object): void {
    this.notified.push({ method, params });
  }

  ask(question: Question, { signal }: { signal: AbortSignal }): Promise<ClientAnswer> {
    this.asked.push(question);
    const { answer, answeredBy } = this.options;
    if (answer && answeredBy) return Promise.resolve({ reply: answer(question), from: answeredBy });
    return new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(new Error('stopped asking')), { once: true }),
    );
  }

  follow(task: Task): void {
    this.followed.push(task);
  }

  progressAfterRequest(token: string | number): ((progress: TaskProgress) => void) | undefined {
    if (!this.options.ownStream) return undefined;
    return (progress) => this.lateProgress.push({ token, progress });
  }

  initialize(declared: ClientDeclaration): void {
    this.declared.push(declared);
  }

  setLogLevel(level: string): void {
    this.logLevels.push(level);
  }
}

/** A 2025-11-25 request's scope for `principal`, on `link`. */
export function aScope2025(
  principal: Principal,
  link: RequestLink = new RecordingRequestLink(),
  extra: { readonly progressToken?: string | number; readonly signal?: AbortSignal } = {},
): Scope2025 {
  return {
    version: PROTOCOL_2025,
    principal,
    signal: extra.signal ?? new AbortController().signal,
    link,
    ...(extra.progressToken === undefined ? {} : { progressToken: extra.progressToken }),
  };
}

/** What a 2026-07-28 client declares on a request: the tasks extension, elicitation. */
export interface ClientTraits {
  readonly tasks?: boolean;
  readonly elicitation?: boolean;
}

/** The `_meta` a 2026-07-28 request carries, read as the classifier reads it. */
export function aRequestMeta({
  tasks = false,
  elicitation = false,
}: ClientTraits = {}): RequestMeta {
  const capabilities: JsonObject = {
    ...(tasks ? { extensions: { [TASKS_EXTENSION]: {} } } : {}),
    ...(elicitation ? { elicitation: {} } : {}),
  };
  return readRequestMeta({
    [META_2026.protocolVersion]: PROTOCOL_2026,
    [META_2026.clientCapabilities]: capabilities,
  });
}

/** A 2026-07-28 request's scope for `principal`, from a client with `traits`. */
export function aScope2026(
  principal: Principal,
  traits: ClientTraits = { tasks: true },
  signal: AbortSignal = new AbortController().signal,
): Scope2026 {
  return {
    version: PROTOCOL_2026,
    principal,
    signal,
    meta: aRequestMeta(traits),
    requestId: 1,
    relate: () => undefined,
  };
}

/** Reads `params` as a method's 2025-11-25 entry does, then serves them. */
export async function call2025(
  method: McpMethod,
  params: RawParams,
  scope: Scope2025,
): Promise<JsonObject> {
  const version = method.v2025;
  if (!version) throw new Error(`${method.name} has no 2025-11-25 entry`);
  return version.serve(version.parse(params), scope);
}

/** Reads `params` as a method's 2026-07-28 entry does, then serves them. */
export async function call2026(
  method: McpMethod,
  params: RawParams,
  scope: Scope2026,
): Promise<JsonObject> {
  const version = method.v2026;
  if (!version) throw new Error(`${method.name} has no 2026-07-28 entry`);
  return version.serve(version.parse(params), scope);
}

/**
 * The JSON-RPC error that `work` fails with, as the one error table puts it on the wire; fails the
 * test when `work` succeeds.
 */
export async function wireErrorOf(
  work: () => unknown,
): Promise<{ code: number; message: string; data?: unknown }> {
  try {
    await work();
  } catch (error) {
    return toRpcError(error, silentLogger).toJson();
  }
  throw new Error('expected a JSON-RPC error, but the work succeeded');
}

/** A tool that answers at once with its own arguments as text; its task support is the test's. */
export class EchoTool implements TaskTool {
  readonly description = 'Says back what it was given';
  readonly inputSchema = z.object({ say: z.string().optional() }).passthrough();

  constructor(
    readonly name = 'echo',
    readonly taskSupport: TaskSupport = 'optional',
  ) {}

  run(args: { say?: string }): Promise<ToolResult> {
    return Promise.resolve({ content: [{ type: 'text', text: args.say ?? '' }] });
  }
}

const confirmation = z.object({ sure: z.boolean().describe('Go ahead?') });

/**
 * A tool with a first question: unless called with `ask: false` it asks to be confirmed before it
 * runs, and says what it was told.
 */
export class ConfirmTool implements TaskTool {
  readonly name = 'confirm';
  readonly description = 'Asks to be confirmed before it starts';
  readonly inputSchema = z.object({ ask: z.boolean().default(true) });

  constructor(readonly taskSupport: TaskSupport = 'optional') {}

  firstQuestion(args: { ask: boolean }) {
    return args.ask ? { message: 'Really go ahead?', requestedSchema: confirmation } : undefined;
  }

  run(_args: unknown, ctx: TaskContext): Promise<ToolResult> {
    const answer = ctx.firstAnswer;
    const said =
      answer === undefined
        ? 'nobody was asked'
        : answer.action === 'accept'
          ? `sure: ${String(answer.content.sure)}`
          : answer.action;
    return Promise.resolve({ content: [{ type: 'text', text: said }] });
  }
}

const said = z.object({ said: z.string() });

/**
 * A deterministic dialogue of three questions (name, colour, number), after an optional first
 * question; it draws a token with ctx.remember, from a counter that moves on every draw, and counts
 * its runs, so a test sees both that a replay runs the tool anew and that it keeps the token.
 */
export class InterviewTool implements TaskTool {
  readonly name = 'interview';
  readonly description = 'Asks three questions while it runs';
  readonly inputSchema = z.object({ confirmFirst: z.boolean().default(false) });
  readonly taskSupport = 'optional' as const;
  runs = 0;
  private draws = 0;

  firstQuestion(args: { confirmFirst: boolean }) {
    return args.confirmFirst ? { message: 'Ready?', requestedSchema: confirmation } : undefined;
  }

  async run(_args: unknown, ctx: TaskContext): Promise<ToolResult> {
    this.runs++;
    const token = ctx.remember('token', () => ++this.draws);
    const answers: string[] = [];
    for (const topic of ['name', 'colour', 'number']) {
      const answer = await ctx.elicit({ message: `Your ${topic}?`, requestedSchema: said });
      answers.push(answer.action === 'accept' ? answer.content.said : answer.action);
    }
    const first = ctx.firstAnswer;
    const ready = first?.action === 'accept' ? `ready: ${String(first.content.sure)}; ` : '';
    return { content: [{ type: 'text', text: `${ready}${answers.join(', ')} (token ${token})` }] };
  }
}

/** A tool that is not deterministic: each run words its question differently. */
export class FickleTool implements TaskTool {
  readonly name = 'fickle';
  readonly description = 'Asks a question that changes from run to run';
  readonly inputSchema = z.object({});
  readonly taskSupport = 'optional' as const;
  private runs = 0;

  async run(_args: unknown, ctx: TaskContext): Promise<ToolResult> {
    const run = ++this.runs;
    await ctx.elicit({ message: `Question of run ${run}?`, requestedSchema: said });
    await ctx.elicit({ message: 'And then?', requestedSchema: said });
    return { content: [{ type: 'text', text: 'done' }] };
  }
}

/** A tool that asks question after question and never ends by itself. */
export class ChattyTool implements TaskTool {
  readonly name = 'chatty';
  readonly description = 'Asks without end';
  readonly inputSchema = z.object({});
  readonly taskSupport = 'optional' as const;

  async run(_args: unknown, ctx: TaskContext): Promise<ToolResult> {
    for (let n = 1; ; n++) await ctx.elicit({ message: `Question ${n}?`, requestedSchema: said });
  }
}

/**
 * The real container (fake clock, silent log) with test tools bound: `gate` (optional) and
 * `gate_required`, which the test releases by hand; `echo` (optional) and `echo_forbidden`, which
 * answer at once; `confirm`, which asks a first question; `interview`, `fickle` and `chatty`, which
 * ask while they run. `method(name)` is the method table's entry for `name`.
 */
export function methodWorld(env: Record<string, string> = {}) {
  const gate = new GateTool();
  const required = Object.assign(new GateTool('required'), { name: 'gate_required' });
  const interview = new InterviewTool();
  const tools = [
    gate,
    required,
    new EchoTool(),
    new EchoTool('echo_forbidden', 'forbidden'),
    new ConfirmTool(),
    interview,
    new FickleTool(),
    new ChattyTool(),
  ];
  const { container, clock } = testContainer(env, tools);
  const table = container.get(MethodTable);
  return {
    container: container as Container,
    clock,
    gate,
    required,
    interview,
    method(name: string): McpMethod {
      const entry = table.get(name);
      if (!entry) throw new Error(`no method ${name}`);
      return entry;
    },
    /** Waits until the task `taskId` ends, as its owner. */
    settled(owner: Principal, taskId: unknown) {
      return container.get(AwaitTaskResult).run(owner, String(taskId));
    },
    /** Waits until the task `taskId` shows `status` (no clock involved: its own events). */
    reaches(owner: Principal, taskId: unknown, status: TaskStatus): Promise<Task> {
      return container
        .get(TaskWatch)
        .until(owner.owner, String(taskId) as TaskId, (task) =>
          task.status === status ? task : undefined,
        );
    },
  };
}

/** The RpcError `call` throws; fails the test when it throws nothing, or something else. */
export function refusalOf(call: () => unknown): RpcError {
  try {
    call();
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw new Error('expected an RpcError, got something else', { cause: error });
  }
  throw new Error('expected an RpcError, but nothing was thrown');
}

/** The wire error of a task that is not the caller's, or not anyone's: always the same. */
export const TASK_NOT_FOUND = {
  code: -32602,
  message: 'Task not found',
  data: { reason: 'NOT_FOUND' },
};

/** The id of a gate task `who` started in `w` over 2025-11-25 (`ttl` ms, or the default). */
export async function startGate(
  w: ReturnType<typeof methodWorld>,
  who: Principal,
  ttl?: number,
): Promise<string> {
  const created = await call2025(
    w.method('tools/call'),
    { name: 'gate', task: ttl === undefined ? {} : { ttl } },
    aScope2025(who),
  );
  return (created.task as { taskId: string }).taskId;
}

/** A fresh world with one gate task of `who`'s, running: its id, its run, and its status. */
export async function withGateTask(who: Principal, ttl?: number) {
  const w = methodWorld();
  const taskId = await startGate(w, who, ttl);
  await w.gate.started();
  const statusOf = async (): Promise<unknown> =>
    (await call2025(w.method('tasks/get'), { taskId }, aScope2025(who))).status;
  return { w, taskId, run: w.gate.runs[0]!, statusOf };
}
