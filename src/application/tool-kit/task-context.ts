import type { z } from 'zod';
import {
  VariableTypeMismatchError,
  askForInput,
  finishTask,
  takeInputResponse,
  isTerminal,
  setTaskVariable,
  updateStatusMessage,
  utf8ByteLength,
  type JsonObject,
  type JsonValue,
  type OwnerId,
  type Task,
  type TaskError,
  type TaskId,
} from '../../domain/index.js';
import type { Clock } from '../ports/clock.js';
import { messageOf } from '../shared/errors.js';
import { errorResult, resultAsJson, type ToolResult } from './tool-result.js';
import type { TaskPolicy } from '../policy/task-policy.js';
import type { TaskUpdater } from '../services/task-updater.js';
import type { TaskWatch } from '../services/task-watch.js';
import {
  elicitationRequest,
  readElicitationAnswer,
  type AnyElicitOutcome,
  undeliverableIn,
  type ElicitOutcome,
  type ElicitRequest,
  type MissingCapability,
} from './elicitation.js';
import type { InlineDialogue } from './inline-dialogue.js';
import {
  toBooleanValue,
  toIntegerValue,
  toNumberValue,
  toStringValue,
} from './variable-conversions.js';

const MAX_STATUS_MESSAGE_LENGTH = 1000;

/**
 * Why a task's signal fired; `ctx.signal.reason` is one of these. 'ended-elsewhere': another
 * replica sharing the store ended the task (it found this one's lease lapsed), so its outcome is
 * decided and the work is moot.
 */
export type AbortReason = 'cancelled' | 'expired' | 'shutdown' | 'ended-elsewhere';

/**
 * One step of progress, as MCP's notifications/progress carries it: `progress` always grows.
 */
export interface TaskProgress {
  readonly progress: number;
  readonly total?: number;
  readonly message?: string;
}

/** Told every step of a task's progress, for a caller that asked with a progressToken. */
export type ProgressListener = (progress: TaskProgress) => void;

/** What the caller of a run brings to it besides the arguments. */
export interface RunCaller {
  /** Told the run's progress, for a caller that asked with a progressToken. */
  readonly onProgress?: ProgressListener;
  /** The answer to the tool's first question, when the caller gave it with the call. */
  readonly firstAnswer?: AnyElicitOutcome;
  /** Set when no question can reach the caller: what it would have to declare. */
  readonly cannotAnswer?: MissingCapability;
  /**
   * Set for an inline run whose caller answers by calling again (2026-07-28 multi round-trip):
   * the answers of its earlier rounds, and where this round stops.
   */
  readonly dialogue?: InlineDialogue;
}

/** The status message of an inline round's task, ended at the question its caller is asked. */
export const STOPPED_AT_QUESTION =
  'Stopped at a question for the caller, who answers it by calling the tool again (multi round-trip); that call runs the tool anew';

/**
 * What a tool's `run` gets besides its arguments: who it runs for, a signal that fires on
 * cancel / expiry / shutdown, the task's variables (seeded from the call's arguments), and the
 * ways to report progress and finish.
 */
export class TaskContext {
  private variables: JsonObject;
  private finished = false;
  /** Set once complete() or fail() has begun writing the outcome. */
  private recording = false;
  /** The task as this context last wrote it: most writes start from it instead of a read. */
  private latest: Task;
  /** The last progress value told to the listener; notifications must only ever grow. */
  private lastProgress = 0;
  private answerBeforeStart?: AnyElicitOutcome;
  private readonly onProgress?: ProgressListener;
  private readonly cannotAnswer?: MissingCapability;
  private readonly dialogue?: InlineDialogue;
  /** ctx.remember's values, for a run that is not replayed (the dialogue keeps them otherwise). */
  private readonly kept = new Map<string, JsonValue>();

  constructor(
    private readonly task: Task,
    readonly signal: AbortSignal,
    private readonly updater: TaskUpdater,
    private readonly clock: Clock,
    private readonly policy: TaskPolicy,
    private readonly watch: TaskWatch,
    caller: RunCaller = {},
  ) {
    this.variables = task.variables;
    this.latest = task;
    this.onProgress = caller.onProgress;
    this.cannotAnswer = caller.cannotAnswer;
    this.dialogue = caller.dialogue;
  }

  /** The caller's answer to the tool's `firstQuestion`, once settled (before `run` is called). */
  get firstAnswer(): AnyElicitOutcome | undefined {
    return this.answerBeforeStart;
  }

  /** For the runner: records the answer to the first question before the tool runs. */
  settleFirstQuestion(answer: AnyElicitOutcome): void {
    this.answerBeforeStart = answer;
  }

  get taskId(): TaskId {
    return this.task.id;
  }

  get owner(): OwnerId {
    return this.task.owner;
  }

  /** True once complete() or fail() has landed, or the task ended otherwise (cancel, expiry). */
  get isFinished(): boolean {
    return this.finished || this.signal.aborted;
  }

  /** The task's status as this context last wrote it (terminal once the tool's outcome landed). */
  get lastKnownStatus(): Task['status'] {
    return this.latest.status;
  }

  /** True from the moment the tool's own outcome starts being written. */
  get isRecordingOutcome(): boolean {
    return this.recording;
  }

  getString(key: string): string | undefined {
    return this.read(key, toStringValue);
  }

  getInteger(key: string): number | undefined {
    return this.read(key, toIntegerValue);
  }

  getNumber(key: string): number | undefined {
    return this.read(key, toNumberValue);
  }

  getBoolean(key: string): boolean | undefined {
    return this.read(key, toBooleanValue);
  }

  /** The variable parsed by `schema`; the schema decides what absence means (optional, default). */
  get<Schema extends z.ZodType>(key: string, schema: Schema): z.output<Schema> {
    const parsed = schema.safeParse(this.variables[key]);
    if (parsed.success) return parsed.data;
    const detail = parsed.error.issues[0]?.message ?? 'does not match';
    throw new VariableTypeMismatchError(`Variable '${key}' does not match its schema: ${detail}`);
  }

  /** Stores a variable on the task, within the variable limits (VariableLimitExceededError). */
  async setVariable(key: string, value: JsonValue): Promise<void> {
    const stored = await this.write((task) =>
      setTaskVariable(task, this.clock.now(), key, value, this.policy.variables),
    );
    this.variables = stored.variables;
  }

  /**
   * Shown to the client as the task's statusMessage while it runs, and to a caller that asked for
   * progress as notifications/progress (its progress: the number of updates so far). Ignored once
   * stopped.
   */
  async setStatusMessage(message: string): Promise<void> {
    await this.showStatus(clip(message), this.lastProgress + 1);
  }

  /**
   * Progress as a status message, "message (done/total)", and as notifications/progress with
   * `done` and `total` (a `done` that does not grow on the last one is shown but not notified).
   */
  async reportProgress(done: number, total?: number, message?: string): Promise<void> {
    const counter = total === undefined ? `${done}` : `${done}/${total}`;
    const text = clip(message ? `${message} (${counter})` : `Progress: ${counter}`);
    await this.showStatus(text, done, total);
  }

  private async showStatus(text: string, progress: number, total?: number): Promise<void> {
    if (this.signal.aborted) return;
    const stored = await this.write((task) =>
      isTerminal(task.status) ? undefined : updateStatusMessage(task, this.clock.now(), text),
    );
    if (!this.onProgress || isTerminal(stored.status) || !(progress > this.lastProgress)) return;
    this.lastProgress = progress;
    this.onProgress(
      total === undefined ? { progress, message: text } : { progress, total, message: text },
    );
  }

  /**
   * A value that must not change when the run is replayed (a random number, an id, a time): made
   * by `make` the first time the run asks for `name`, the same value every later time. A 2026-07-28
   * inline run is run anew for each answer its caller gives, its earlier questions answered from
   * the record; what it draws by chance must be drawn here so that every round sees the same. The
   * value must be JSON (of at most 1 KiB, up to 16 names a run), and is what JSON makes of it.
   */
  remember<Value extends JsonValue>(name: string, make: () => Value): Value {
    if (this.dialogue) return this.dialogue.remember(name, make);
    if (!this.kept.has(name)) this.kept.set(name, make());
    return this.kept.get(name) as Value;
  }

  /**
   * Asks the caller a question and waits for the answer: the task shows `input_required` (with
   * `message` as its status message) until the client answers — on the tasks/result stream with
   * 2025-11-25, through tasks/update with the tasks extension — then works on. Resolves with the
   * answer parsed by `requestedSchema`, or with the caller's decline or cancel. Rejects once the
   * task stops (cancel, expiry, shutdown): the run should then end. Rejects at once with
   * ElicitationUnavailableError when the question cannot reach the caller.
   *
   * In a 2026-07-28 inline run the run is replayed: a question an earlier round asked resolves at
   * once with its recorded answer, and a new one ends the round: the call answers input_required
   * and this promise rejects, the task already ended (what the run does after is dropped). The run
   * must ask the same questions in the same order each time; one that differs fails the call with
   * -32603.
   */
  async elicit<Schema extends z.ZodObject>(
    request: ElicitRequest<Schema>,
  ): Promise<ElicitOutcome<z.output<Schema>>> {
    this.assertRunning();
    if (this.dialogue) return this.elicitInline(request, this.dialogue);
    if (this.cannotAnswer) throw new ElicitationUnavailableError(this.cannotAnswer);
    let key = '';
    await this.write((task) => {
      const asked = askForInput(
        task,
        this.clock.now(),
        elicitationRequest(request),
        clip(request.message),
      );
      key = asked.key;
      return asked.task;
    });
    const response = await this.watch.until(
      this.owner,
      this.taskId,
      (task) => task.input?.responses[key] ?? (isTerminal(task.status) ? STOPPED : undefined),
      this.signal,
    );
    this.assertRunning();
    if (response === STOPPED) throw new Error('The task ended while waiting for an answer');
    await this.write((task) => takeInputResponse(task, this.clock.now(), key));
    const missing = undeliverableIn(response);
    if (missing) throw new ElicitationUnavailableError(missing);
    return readElicitationAnswer(request.requestedSchema, response);
  }

  private async elicitInline<Schema extends z.ZodObject>(
    request: ElicitRequest<Schema>,
    dialogue: InlineDialogue,
  ): Promise<ElicitOutcome<z.output<Schema>>> {
    const step = dialogue.next(elicitationRequest(request));
    switch (step.kind) {
      case 'answered':
        return readElicitationAnswer(request.requestedSchema, step.answer);
      case 'asked': {
        // The round's outcome is the question: the task ends here, so whatever the tool does
        // after (a tool may catch what follows) is dropped, and the call answers input_required.
        const stopped = resultAsJson(errorResult(STOPPED_AT_QUESTION));
        await this.finish('cancelled', stopped, STOPPED_AT_QUESTION);
        throw new Error(STOPPED_AT_QUESTION);
      }
      case 'full':
        // Like any question that cannot reach the caller: the tool may go on without the answer.
        throw new ElicitationUnavailableError(dialogue.whenFull);
      case 'diverged': {
        // Failed at once, whatever the tool does with the error: no answer goes to a question it
        // was not given for.
        const error = new RequestFailedError(
          `Tool '${this.task.toolName}' asked another question when its run was replayed: a tool run inline must ask the same questions in the same order each time (draw random values with ctx.remember)`,
        );
        await this.fail(error);
        throw error;
      }
    }
  }

  /** Finishes the task with `result`: completed, or failed when `result.isError` is true. */
  async complete(result: ToolResult): Promise<void> {
    const json = resultAsJson(result);
    const bytes = utf8ByteLength(JSON.stringify(json));
    if (bytes > this.policy.maxResultBytes) {
      await this.fail(
        new RequestFailedError(
          `Tool result of ${bytes} bytes exceeds the limit of ${this.policy.maxResultBytes}`,
        ),
      );
      return;
    }
    const failed = result.isError === true;
    const message = failed
      ? `Tool execution failed: ${firstText(result) ?? 'no details'}`
      : undefined;
    await this.finish(failed ? 'failed' : 'completed', json, message);
  }

  /**
   * Fails the task; `tasks/result` then returns an isError result carrying the message. A
   * RequestFailedError fails the request itself: the tasks extension shows its JSON-RPC error.
   */
  async fail(error: unknown): Promise<void> {
    const message = messageOf(error);
    await this.finish(
      'failed',
      resultAsJson(errorResult(message)),
      `Tool execution failed: ${message}`,
      requestErrorOf(error),
    );
  }

  private async finish(
    status: 'completed' | 'failed' | 'cancelled',
    result: JsonValue,
    message: string | undefined,
    error?: TaskError,
  ): Promise<void> {
    // A late result for a task being stopped, or already cancelled or expired, is dropped: the
    // stop decides the outcome.
    if (this.signal.aborted) return;
    this.recording = true;
    await this.write((task) =>
      isTerminal(task.status)
        ? undefined
        : finishTask(task, status, this.clock.now(), result, message && clip(message), error),
    );
    this.finished = true;
  }

  private assertRunning(): void {
    if (this.signal.aborted) throw new Error('The task has stopped');
    if (this.finished || this.recording) throw new Error('The task has already finished');
  }

  private async write(change: (task: Task) => Task | undefined): Promise<Task> {
    const stored = await this.updater.update(this.owner, this.taskId, change, this.latest);
    this.latest = stored;
    return stored;
  }

  private read<T>(key: string, convert: (key: string, value: JsonValue) => T): T | undefined {
    const value = this.variables[key];
    return value === undefined || value === null ? undefined : convert(key, value);
  }
}

/** What a watch for an answer sees when the task ended before one came. */
const STOPPED = Symbol('stopped');

/**
 * Thrown by a tool to fail the request itself rather than report an error in its result: with the
 * tasks extension the task is then `failed` with this JSON-RPC error (by default -32603, internal
 * error), where a tool's own error result shows as `completed` with `isError`.
 */
export class RequestFailedError extends Error {
  constructor(
    message: string,
    readonly code = -32603,
    /** The JSON-RPC error's `data`, when the client needs more than the message. */
    readonly data?: JsonValue,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get rpcError(): TaskError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/**
 * What `ctx.elicit` throws when the question cannot reach anyone: the caller declared no way to
 * be asked (no `elicitation` capability, or a 2026-07-28 call that runs inline), or its client
 * refused the question as a method it does not have. A tool may catch it and go on without the
 * answer; uncaught, it fails the call or task with JSON-RPC -32021 naming the missing capability.
 */
export class ElicitationUnavailableError extends RequestFailedError {
  constructor(readonly missing: MissingCapability) {
    super(`The task cannot ask its caller a question: ${missing.reason}`, -32021, {
      requiredCapabilities: missing.requiredCapabilities,
    });
  }
}

/** The JSON-RPC error a thrown value fails the request with, if it fails the request itself. */
function requestErrorOf(error: unknown): TaskError | undefined {
  return error instanceof RequestFailedError ? error.rpcError : undefined;
}

function firstText(result: ToolResult): string | undefined {
  const block = result.content.find((item) => item.type === 'text');
  return block && typeof block.text === 'string' ? block.text : undefined;
}

function clip(message: string): string {
  return message.length > MAX_STATUS_MESSAGE_LENGTH
    ? `${message.slice(0, MAX_STATUS_MESSAGE_LENGTH)}...`
    : message;
}
