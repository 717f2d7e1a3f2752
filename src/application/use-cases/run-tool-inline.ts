import { inject, injectable } from 'inversify';
import {
  InvalidArgumentError,
  utf8ByteLength,
  type InputRequest,
  type JsonObject,
} from '../../domain/index.js';
import { DIALOGUE_POLICY, type DialoguePolicy } from '../policy/dialogue-policy.js';
import {
  CONSUMED_REQUEST_STATES,
  type ConsumedRequestStates,
} from '../ports/consumed-request-states.js';
import type { Principal } from '../ports/identity-provider.js';
import { INPUT_CHECK, type InputCheck } from '../ports/input-check.js';
import {
  REQUEST_STATE_SEAL,
  type RequestStateBinding,
  type RequestStateSeal,
} from '../ports/request-state-seal.js';
import { InvalidRequestStateError } from '../shared/errors.js';
import type { TaskOutcome } from '../services/task-result-waiter.js';
import type { AnyElicitOutcome, MissingCapability } from '../tool-kit/elicitation.js';
import {
  emptyDialogue,
  InlineDialogue,
  pendingKeyOf,
  withAnswer,
  type DialogueRecord,
} from '../tool-kit/inline-dialogue.js';
import { RunToolNow } from './run-tool-now.js';

/** One round of an inline call: the call as made, and what it brings from the round before. */
export interface InlineCall {
  readonly toolName: string;
  readonly arguments: JsonObject;
  /** Fires when the caller gives up: the round's task is cancelled. */
  readonly signal?: AbortSignal;
  /** The answer to the tool's first question, settled with this call (first round only). */
  readonly firstAnswer?: AnyElicitOutcome;
  /** The requestState the previous round answered, echoed. */
  readonly requestState?: string;
  /** The answers the call brings, keyed by question. */
  readonly inputResponses?: Readonly<Record<string, JsonObject>>;
  /** What the caller would need to declare to be asked more than a requestState can carry. */
  readonly whenFull: MissingCapability;
}

/** How a round ends: the tool's outcome, or a question for the caller and the state to echo. */
export type InlineRound =
  | { readonly kind: 'finished'; readonly outcome: TaskOutcome }
  | {
      readonly kind: 'asks';
      readonly key: string;
      readonly question: InputRequest;
      readonly requestState: string;
    };

/**
 * A 2026-07-28 tools/call run without a task by a client that can be asked (multi round-trip).
 * Each round runs the tool anew through RunToolNow, replaying the answers of earlier rounds to its
 * questions; the first new question ends the round, and its answer comes with the next call
 * together with the sealed requestState. Nothing waits between rounds, so the next call may reach
 * any replica, however long after (within the state's ttl). A state is used once: it is consumed,
 * on every replica at once, before its round runs; until then a bad answer is refused and the
 * state left usable.
 */
@injectable()
export class RunToolInline {
  constructor(
    @inject(RunToolNow) private readonly runToolNow: RunToolNow,
    @inject(REQUEST_STATE_SEAL) private readonly seal: RequestStateSeal,
    @inject(CONSUMED_REQUEST_STATES) private readonly consumed: ConsumedRequestStates,
    @inject(INPUT_CHECK) private readonly inputCheck: InputCheck,
    @inject(DIALOGUE_POLICY) private readonly policy: DialoguePolicy,
  ) {}

  async run(principal: Principal, call: InlineCall): Promise<InlineRound> {
    const binding: RequestStateBinding = {
      owner: principal.owner,
      toolName: call.toolName,
      arguments: call.arguments,
    };
    let record = emptyDialogue(call.firstAnswer);
    if (call.requestState !== undefined) {
      const opened = this.seal.open(binding, call.requestState);
      const answer = this.answerIn(opened.record, call.inputResponses);
      if (!(await this.consumed.consume(opened.id, opened.expiresAt))) {
        throw new InvalidRequestStateError();
      }
      // Not answered: the same question again, under a state of its own (this one is spent).
      if (!answer) return this.asks(binding, opened.record);
      record = withAnswer(opened.record, answer);
    }
    const dialogue = new InlineDialogue(record, this.policy, call.whenFull);
    const outcome = await this.runToolNow.run(principal, call.toolName, call.arguments, {
      ...(call.signal ? { signal: call.signal } : {}),
      caller: { dialogue, ...(record.firstAnswer ? { firstAnswer: record.firstAnswer } : {}) },
    });
    const next = dialogue.continuation;
    return next ? this.asks(binding, next) : { kind: 'finished', outcome };
  }

  /** The call's answer to the state's pending question, checked against it; none if not given. */
  private answerIn(
    record: DialogueRecord,
    responses: Readonly<Record<string, JsonObject>> | undefined,
  ): JsonObject | undefined {
    const key = pendingKeyOf(record);
    const answer = responses && Object.hasOwn(responses, key) ? responses[key] : undefined;
    if (!answer || !record.pending) return undefined;
    const bytes = utf8ByteLength(JSON.stringify(answer));
    if (bytes > this.policy.maxAnswerBytes) {
      throw new InvalidArgumentError(
        `The answer to '${key}' is ${bytes} bytes, more than the ${this.policy.maxAnswerBytes} an inline call takes`,
      );
    }
    this.inputCheck.check(record.pending, answer);
    return answer;
  }

  private asks(binding: RequestStateBinding, record: DialogueRecord): InlineRound {
    return {
      kind: 'asks',
      key: pendingKeyOf(record),
      question: record.pending!,
      requestState: this.seal.seal(binding, record),
    };
  }
}
