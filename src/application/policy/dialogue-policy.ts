/**
 * The bounds of an inline dialogue: a 2026-07-28 tools/call run without a task whose questions are
 * answered by calling again (multi round-trip). Everything it remembers between rounds travels in
 * the requestState the client echoes, so every bound here is a bound on what a client sends back.
 */
export interface DialoguePolicy {
  /** How long a requestState may be echoed after it was issued. */
  readonly stateTtlMs: number;
  /** Questions one inline run may ask (answers one requestState carries). */
  readonly maxAnswers: number;
  /** UTF-8 bytes of one answer (its JSON); a larger one is refused before anything runs. */
  readonly maxAnswerBytes: number;
  /** UTF-8 bytes of everything a requestState carries (its JSON, before sealing). */
  readonly maxRecordBytes: number;
  /** Values one run may keep with ctx.remember. */
  readonly maxRememberedValues: number;
  /** UTF-8 bytes of one remembered value's JSON. */
  readonly maxRememberedBytes: number;
  /** Used states one process keeps in memory until they expire (the in-memory store's record). */
  readonly maxConsumedStatesInMemory: number;
}

/**
 * The longest requestState a client may send, refused unread beyond it. Sealing adds a fixed
 * envelope and base64 a third to a record of at most maxRecordBytes, which stays well inside.
 */
export const MAX_REQUEST_STATE_CHARS = 64 * 1024;

export const DEFAULT_DIALOGUE_POLICY: DialoguePolicy = {
  stateTtlMs: 10 * 60_000,
  maxAnswers: 32,
  maxAnswerBytes: 8 * 1024,
  maxRecordBytes: 40 * 1024,
  maxRememberedValues: 16,
  maxRememberedBytes: 1024,
  maxConsumedStatesInMemory: 100_000,
};

export const DIALOGUE_POLICY = Symbol('DialoguePolicy');
