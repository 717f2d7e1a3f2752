import { MAX_REQUEST_STATE_CHARS } from '../../../application/policy/dialogue-policy.js';

/**
 * What the reader accepts of a message, whatever its method: the bounds that keep one request from
 * costing the server more than its size (a body's bytes are bounded by the HTTP layer or the stdio
 * line limit). Values a client sends and the server copies into what it sends back or logs (ids,
 * progress tokens) are bounded hardest.
 */
export interface InboundLimits {
  /** Nesting of arrays and objects in one message, the message itself being level 1. */
  readonly maxDepth: number;
  /** Members of one object. */
  readonly maxKeysPerObject: number;
  /** Characters of a string request id. */
  readonly maxIdLength: number;
  /** Characters of a method name. */
  readonly maxMethodLength: number;
  /** Characters of a string progress token. */
  readonly maxProgressTokenLength: number;
  /** Characters of a tasks/list cursor. */
  readonly maxCursorLength: number;
  /** Characters of a question key (inputResponses). */
  readonly maxQuestionKeyLength: number;
  /** Characters of a requestState (multi round-trip); a longer one is refused unread. */
  readonly maxRequestStateLength: number;
  /** Characters of all strings and keys in a message's `_meta`, together. */
  readonly maxMetaChars: number;
  /** Messages in one batch. */
  readonly maxBatchSize: number;
}

export const INBOUND_LIMITS = Symbol('InboundLimits');

/**
 * The defaults. The depth leaves room for a task's arguments at their own depth limit (checked
 * with a clearer message by the task's variable limits) inside the envelope.
 */
export function inboundLimits(maxVariableDepth: number): InboundLimits {
  return {
    maxDepth: Math.max(64, maxVariableDepth + 8),
    maxKeysPerObject: 1000,
    maxIdLength: 256,
    maxMethodLength: 128,
    maxProgressTokenLength: 256,
    maxCursorLength: 1024,
    maxQuestionKeyLength: 128,
    maxRequestStateLength: MAX_REQUEST_STATE_CHARS,
    maxMetaChars: 16 * 1024,
    maxBatchSize: 100,
  };
}

/** Keys that name JavaScript's object machinery: refused wherever they appear in a message. */
export const PROTOTYPE_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);
