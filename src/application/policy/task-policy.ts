import {
  DEFAULT_TASK_LIMITS,
  DEFAULT_TTL_POLICY,
  DEFAULT_VARIABLE_LIMITS,
  type TaskLimits,
  type TtlPolicy,
  type VariableLimits,
} from '../../domain/index.js';

/** Every limit the use cases apply, in one value the composition root builds from config. */
export interface TaskPolicy {
  readonly ttl: TtlPolicy;
  readonly limits: TaskLimits;
  readonly variables: VariableLimits;
  /** Suggested client polling interval returned with every task. */
  readonly pollIntervalMs: number;
  /** UTF-8 bytes of a tool's JSON result; a larger result fails the task. */
  readonly maxResultBytes: number;
  /** Tasks per tasks/list page. */
  readonly listPageSize: number;
  /**
   * How long a replica's hold on a running task lasts unrenewed (renewed every third of it); once
   * it lapses another replica sharing the store fails the task.
   */
  readonly leaseMs: number;
  /** Job processes running at once in this server, all owners together. */
  readonly maxJobProcesses: number;
}

export const DEFAULT_TASK_POLICY: TaskPolicy = {
  ttl: DEFAULT_TTL_POLICY,
  limits: DEFAULT_TASK_LIMITS,
  variables: DEFAULT_VARIABLE_LIMITS,
  pollIntervalMs: 1000,
  maxResultBytes: 4 * 1024 * 1024,
  listPageSize: 50,
  leaseMs: 30_000,
  maxJobProcesses: 32,
};

export const TASK_POLICY = Symbol('TaskPolicy');
