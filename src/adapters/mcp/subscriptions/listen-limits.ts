/** How much of the server subscriptions/listen may hold: each open listen keeps a stream. */
export interface ListenLimits {
  /** Task ids one listen may name. */
  readonly maxTaskIds: number;
  /** Listens one owner may hold open at once (TASK_MCP_MAX_LISTENS_PER_OWNER). */
  readonly perOwner: number;
  /** Listens the server holds open at once, all owners together (TASK_MCP_MAX_LISTENS). */
  readonly total: number;
}

export const LISTEN_LIMITS = Symbol('ListenLimits');
