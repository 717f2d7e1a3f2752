import type { JsonObject, OwnerId } from '../../domain/index.js';
import type { DialogueRecord } from '../tool-kit/inline-dialogue.js';

/** The request a requestState belongs to: who called which tool with which arguments. */
export interface RequestStateBinding {
  readonly owner: OwnerId;
  readonly toolName: string;
  readonly arguments: JsonObject;
}

/** A requestState opened: its single-use id, when it lapses, and the dialogue it carries. */
export interface OpenedRequestState {
  readonly id: string;
  readonly expiresAt: number;
  readonly record: DialogueRecord;
}

/**
 * Seals an inline dialogue into the opaque requestState of a 2026-07-28 InputRequiredResult, and
 * opens one a client echoes. The state is encrypted (it carries the run's remembered values and the
 * caller's answers) and bound to its request and a short ttl: a forged, altered or expired state,
 * or one presented by another owner, for another tool or other arguments, opens as
 * InvalidRequestStateError, every one alike. Using a state once only is the caller's to enforce,
 * by its id.
 */
export interface RequestStateSeal {
  seal(binding: RequestStateBinding, record: DialogueRecord): string;
  open(binding: RequestStateBinding, state: string): OpenedRequestState;
}

export const REQUEST_STATE_SEAL = Symbol('RequestStateSeal');
