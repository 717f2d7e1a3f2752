import {
  inputKey,
  utf8ByteLength,
  type InputRequest,
  type JsonObject,
  type JsonValue,
} from '../../domain/index.js';
import type { DialoguePolicy } from '../policy/dialogue-policy.js';
import type { AnyElicitOutcome, MissingCapability } from './elicitation.js';

/** A question an earlier round of the run asked, and what the caller answered. */
export interface AnsweredQuestion {
  readonly question: InputRequest;
  readonly answer: JsonObject;
}

/**
 * What an inline run carries from one round to the next (sealed in the requestState): everything
 * it needs to be run again from the start and reach the point where it stopped.
 */
export interface DialogueRecord {
  /** The answer to the tool's first question, settled before the first round ran. */
  readonly firstAnswer?: AnyElicitOutcome;
  /** The run's questions so far, in the order it asked them, with their answers. */
  readonly answered: readonly AnsweredQuestion[];
  /** The question the last round stopped at; the next call brings its answer. */
  readonly pending?: InputRequest;
  /** The run's non-deterministic values (ctx.remember), by name. */
  readonly remembered: Readonly<Record<string, JsonValue>>;
}

/** What a run's question meets in a dialogue. */
export type DialogueStep =
  /** An earlier round asked it: here is the caller's answer. */
  | { readonly kind: 'answered'; readonly answer: JsonObject }
  /** New: the round stops here and the caller is asked. */
  | { readonly kind: 'asked' }
  /** The run asked something else than it did at this point before: it is not deterministic. */
  | { readonly kind: 'diverged' }
  /** No room for another question within the bounds of a requestState. */
  | { readonly kind: 'full' };

export function emptyDialogue(firstAnswer?: AnyElicitOutcome): DialogueRecord {
  return { ...(firstAnswer ? { firstAnswer } : {}), answered: [], remembered: {} };
}

/** The key the record's pending question is asked under, new for each question of the run. */
export function pendingKeyOf(record: DialogueRecord): string {
  return inputKey(record.answered.length + 1);
}

/** `record` with its pending question answered by `answer`, ready to be replayed. */
export function withAnswer(record: DialogueRecord, answer: JsonObject): DialogueRecord {
  if (!record.pending) throw new Error('a dialogue without a pending question takes no answer');
  const { pending, ...rest } = record;
  return { ...rest, answered: [...record.answered, { question: pending, answer }] };
}

/**
 * One round of an inline run (a 2026-07-28 tools/call without a task, multi round-trip). Every
 * round runs the tool from the start: the questions earlier rounds asked get their recorded
 * answers back, in order, and the first new question ends the round, to be asked of the caller.
 * A replay is only sound if the run is deterministic up to each question, so the values that are
 * not (a random number, a time) are kept here too, by name, and handed back on every later round.
 */
export class InlineDialogue {
  private replayed = 0;
  private asked: InputRequest | undefined;
  private readonly remembered: Map<string, JsonValue>;

  constructor(
    private readonly record: DialogueRecord,
    private readonly policy: DialoguePolicy,
    /** What the caller would need to declare to be asked more than a requestState can carry. */
    readonly whenFull: MissingCapability,
  ) {
    this.remembered = new Map(Object.entries(record.remembered));
  }

  get firstAnswer(): AnyElicitOutcome | undefined {
    return this.record.firstAnswer;
  }

  /** Meets the run's next question: replays its answer, or records it as the one to ask. */
  next(question: InputRequest): DialogueStep {
    // Only one question per round: once one is out, the round is over whatever else is asked.
    if (this.asked) return { kind: 'asked' };
    const recorded = this.record.answered[this.replayed];
    if (recorded) {
      if (JSON.stringify(recorded.question) !== JSON.stringify(question)) {
        return { kind: 'diverged' };
      }
      this.replayed++;
      return { kind: 'answered', answer: recorded.answer };
    }
    if (this.record.answered.length >= this.policy.maxAnswers) return { kind: 'full' };
    this.asked = question;
    if (utf8ByteLength(JSON.stringify(this.continuation)) > this.policy.maxRecordBytes) {
      this.asked = undefined;
      return { kind: 'full' };
    }
    return { kind: 'asked' };
  }

  /**
   * The value kept under `name` for this run: made by `make` the first time, the same on every
   * later round. Values go through JSON, so a run sees on its first round what it sees on later
   * ones; tool code picks the names, so a wrong one is a tool error.
   */
  remember<Value extends JsonValue>(name: string, make: () => Value): Value {
    if (this.remembered.has(name)) return this.remembered.get(name) as Value;
    if (this.remembered.size >= this.policy.maxRememberedValues) {
      throw new Error(`ctx.remember keeps at most ${this.policy.maxRememberedValues} values a run`);
    }
    const json = JSON.stringify(make()) as string | undefined;
    if (json === undefined || utf8ByteLength(json) > this.policy.maxRememberedBytes) {
      throw new Error(
        `ctx.remember('${name.slice(0, 64)}') needs a JSON value of at most ${this.policy.maxRememberedBytes} bytes`,
      );
    }
    const value = JSON.parse(json) as Value;
    this.remembered.set(name, value);
    return value;
  }

  /** What the next round's requestState carries; undefined unless this round stopped to ask. */
  get continuation(): DialogueRecord | undefined {
    if (!this.asked) return undefined;
    return {
      ...(this.record.firstAnswer ? { firstAnswer: this.record.firstAnswer } : {}),
      answered: this.record.answered,
      pending: this.asked,
      remembered: Object.fromEntries(this.remembered),
    };
  }
}
