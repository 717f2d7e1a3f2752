import type { InputRequest, JsonObject } from '../../../domain/index.js';

/**
 * A 2026-07-28 InputRequiredResult (multi round-trip): what the client must answer, keyed, and the
 * opaque state it echoes with the answers when it calls again.
 */
export function inputRequired(
  inputRequests: Readonly<Record<string, InputRequest>>,
  requestState?: string,
): JsonObject {
  return {
    resultType: 'input_required',
    inputRequests: inputRequests as unknown as JsonObject,
    ...(requestState === undefined ? {} : { requestState }),
  };
}
