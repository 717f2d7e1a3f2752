import type { InputRequest, JsonObject } from '../../domain/index.js';

/**
 * Checks a client's answer against the question a task asked (an elicitation's answer against its
 * requested schema, say). Throws InvalidArgumentError, saying what is wrong, for an answer the
 * question does not allow; the answer is then refused and the task left as it was.
 */
export interface InputCheck {
  check(request: InputRequest, response: JsonObject): void;
}

export const INPUT_CHECK = Symbol('InputCheck');
