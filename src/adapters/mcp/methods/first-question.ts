import { inject, injectable } from 'inversify';
import { INPUT_CHECK, type InputCheck } from '../../../application/ports/input-check.js';
import type { TaskTool } from '../../../application/ports/task-tool.js';
import {
  elicitationRequest,
  readElicitationAnswer,
  type AnyElicitOutcome,
} from '../../../application/tool-kit/elicitation.js';
import type { JsonObject } from '../../../domain/index.js';
import type { RequestMeta } from '../inbound/request-meta.js';
import { missingCapability } from './capability-errors.js';

/** The key of a tool's first question in an InputRequiredResult (one question per call). */
export const FIRST_QUESTION_KEY = 'first-question';

/** What a 2026-07-28 tools/call does about its tool's first question. */
export type FirstQuestionStep =
  { readonly ask: JsonObject } | { readonly answer?: AnyElicitOutcome };

/**
 * A tool's first question (a catalogue job's confirm), settled within a 2026-07-28 tools/call as
 * a multi round-trip request: asked as an InputRequiredResult until the call comes again with its
 * answer in `inputResponses`, which is then checked against the question. Nothing is stored until
 * then. Arguments the tool refuses are left to CreateTask to say.
 */
@injectable()
export class FirstQuestion {
  constructor(@inject(INPUT_CHECK) private readonly inputCheck: InputCheck) {}

  settle(
    tool: TaskTool,
    args: JsonObject,
    meta: RequestMeta,
    inputResponses: Readonly<Record<string, JsonObject>> | undefined,
  ): FirstQuestionStep {
    const parsed = tool.inputSchema.safeParse(args);
    const question = parsed.success ? tool.firstQuestion?.(parsed.data) : undefined;
    if (!question) return {};
    if (!meta.elicits) {
      throw missingCapability(
        { elicitation: {} },
        `Tool '${tool.name}' asks a question before it starts, by elicitation`,
      );
    }
    const request = elicitationRequest(question);
    const response =
      inputResponses && Object.hasOwn(inputResponses, FIRST_QUESTION_KEY)
        ? inputResponses[FIRST_QUESTION_KEY]
        : undefined;
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
}
